package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The floor of a command is what no provider can go below: Terraform's own cost of the same
// configuration in terraform_data (the baseline), the plugin's fixed cost, and the Graph round
// trips that must follow one another.

// parallelism is Terraform's default -parallelism: how many objects it plans or applies at once.
const parallelism = 10

// providerBlock is the provider configuration of every measured whatsapp configuration.
const providerBlock = `
terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {
  retry_min_wait = "1s"
  retry_max_wait = "10s"
}
`

// fixedCost measures the plugin's fixed cost of a plan, alternating repeats runs of:
//   - "empty": a configuration without providers, Terraform's own start;
//   - "empty+provider": the provider configured and nothing else. Terraform then starts the
//     plugin once, to read its schema, and neither validates nor configures it;
//   - "fixed": the provider configured and one object that the plan creates, which makes no
//     Graph call. Terraform then starts the plugin three times (schema, validation, plan) and
//     configures it, as every plan of a configuration that uses the provider does.
//
// The fixed cost is the median of "fixed" less the median of "empty".
func (b *bench) fixedCost(srv *emulator.Server, repeats int) ([]Result, error) {
	configs := []struct{ name, config string }{
		{"empty", "terraform {}\n"},
		{"empty+provider", providerBlock},
		{"fixed", providerBlock + fmt.Sprintf(`
resource "whatsapp_commerce_settings" "planned" {
  phone_number_id = %q
}
`, srv.Emulator.Seed().PhoneNumberID)},
	}
	runs := map[string][]Result{}
	for i := 0; i < repeats; i++ {
		for _, c := range configs {
			dir := filepath.Join(b.work, "fixed_"+c.name)
			if err := writeConfig(dir, c.config); err != nil {
				return nil, err
			}
			r, err := b.measure(srv, dir, c.name, "plan", 0, 0)
			if err != nil {
				return nil, err
			}
			runs[c.name] = append(runs[c.name], r)
		}
	}
	var out []Result
	for _, c := range configs {
		m := median(runs[c.name])
		out = append(out, m)
		printRow(m)
	}
	b.fixed = time.Duration(out[2].WallMS-out[0].WallMS) * time.Millisecond
	fmt.Printf("plugin fixed cost of a plan: %d ms (%d ms with the provider and one planned object, %d ms without the provider)\n",
		b.fixed.Milliseconds(), out[2].WallMS, out[0].WallMS)
	return out, nil
}

// planFloor sets the floor of a plan: the baseline, the fixed cost and its listing pages, one
// round trip each.
func (b *bench) planFloor(r *Result, base Result) {
	b.setFloor(r, base, r.ListingPages)
}

// applyFloor sets the floor of an apply that creates objects: the baseline, the fixed cost and
// one create call per object, parallelism at a time.
func (b *bench) applyFloor(r *Result, base Result, creates int) {
	b.setFloor(r, base, (creates+parallelism-1)/parallelism)
}

func (b *bench) setFloor(r *Result, base Result, roundTrips int) {
	if base.WallMS > 0 {
		r.Ratio = round(float64(r.WallMS)/float64(base.WallMS), 2)
	}
	floor := time.Duration(base.WallMS)*time.Millisecond + b.fixed + time.Duration(roundTrips)*b.latency
	r.FloorMS = floor.Milliseconds()
	if r.FloorMS > 0 {
		r.FloorRatio = round(float64(r.WallMS)/float64(r.FloorMS), 2)
	}
}
