package graph

import "time"

// Version is a Graph API version with its lifetime. Meta keeps each version at least two years
// and retires it two years after its successor ships; calls to a retired version are served by
// the oldest version still available.
type Version struct {
	Name     string
	Released time.Time
	// Expires is zero while the version's end is not yet announced (no successor shipped).
	Expires time.Time
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Versions lists the Graph versions this provider knows, oldest first.
var Versions = []Version{
	{"v18.0", day("2023-09-12"), day("2026-01-23")},
	{"v19.0", day("2024-01-23"), day("2026-05-21")},
	{"v20.0", day("2024-05-21"), day("2026-10-02")},
	{"v21.0", day("2024-10-02"), day("2027-01-21")},
	{"v22.0", day("2025-01-21"), day("2027-05-29")},
	{"v23.0", day("2025-05-29"), day("2027-10-08")},
	{"v24.0", day("2025-10-08"), day("2028-02-18")},
	{"v25.0", day("2026-02-18"), day("2028-07-29")},
	{"v26.0", day("2026-07-29"), time.Time{}},
}

// LookupVersion returns what is known about a version name.
func LookupVersion(name string) (Version, bool) {
	for _, v := range Versions {
		if v.Name == name {
			return v, true
		}
	}
	return Version{}, false
}
