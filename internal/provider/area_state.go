package provider

import (
	"reflect"
	"sync"
)

// areaStates holds what an area of the provider (templates, phone numbers, …) keeps for as long
// as one provider configuration, that is one Terraform command: each area's value of its own
// type, made on first use. Configure knows no area's state; an area reaches its own through a
// function of its own built on areaState.
type areaStates struct {
	mu     sync.Mutex
	values map[reflect.Type]any
}

// areaState returns the configuration's value of type *T, made by newState on first use.
func areaState[T any](d *providerData, newState func(*providerData) *T) *T {
	key := reflect.TypeFor[T]()
	d.areas.mu.Lock()
	defer d.areas.mu.Unlock()
	if v, ok := d.areas.values[key]; ok {
		return v.(*T)
	}
	if d.areas.values == nil {
		d.areas.values = map[reflect.Type]any{}
	}
	v := newState(d)
	d.areas.values[key] = v
	return v
}
