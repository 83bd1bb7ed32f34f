package emulator

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Graph versions live at least two years: a version stays available until two
// years after its successor was released (Meta "Platform Versioning"). A call
// to an expired version is not rejected; Meta serves it with the oldest
// version still available and says so in the facebook-api-version header.

type graphVersion struct {
	name         string
	major, minor int
	released     time.Time
	availableTil time.Time // zero for the latest version
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var knownVersions = func() []graphVersion {
	releases := []struct {
		name     string
		released string
	}{
		{"v18.0", "2023-09-12"},
		{"v19.0", "2024-01-23"},
		{"v20.0", "2024-05-21"},
		{"v21.0", "2024-10-02"},
		{"v22.0", "2025-01-21"},
		{"v23.0", "2025-05-29"},
		{"v24.0", "2025-10-08"},
		{"v25.0", "2026-02-18"},
		{"v26.0", "2026-07-29"},
	}
	out := make([]graphVersion, len(releases))
	for i, r := range releases {
		major, minor, _ := splitVersion(r.name)
		v := graphVersion{name: r.name, major: major, minor: minor, released: day(r.released)}
		if i+1 < len(releases) {
			v.availableTil = day(releases[i+1].released).AddDate(2, 0, 0)
		}
		out[i] = v
	}
	return out
}()

func latestVersion() string {
	return knownVersions[len(knownVersions)-1].name
}

var versionSegment = regexp.MustCompile(`^v([0-9]+)\.([0-9]+)$`)

func splitVersion(s string) (major, minor int, ok bool) {
	m := versionSegment.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(m[1])
	minor, err2 := strconv.Atoi(m[2])
	return major, minor, err1 == nil && err2 == nil
}

// oldestAvailable returns the oldest version not yet expired at now.
func oldestAvailable(now time.Time) string {
	for _, v := range knownVersions {
		if v.availableTil.IsZero() || now.Before(v.availableTil) {
			return v.name
		}
	}
	return latestVersion()
}

// resolveVersion maps a well-formed requested version to the version that
// serves it. Expired versions, including ones older than the table, are
// served by the oldest available version; versions newer than the latest, or
// unknown minors, do not exist.
func resolveVersion(requested string, now time.Time) (string, *graphError) {
	major, minor, ok := splitVersion(requested)
	if !ok {
		return "", errInvalidVersionFormat()
	}
	oldest := knownVersions[0]
	if major < oldest.major || (major == oldest.major && minor < oldest.minor) {
		return oldestAvailable(now), nil
	}
	for _, v := range knownVersions {
		if v.name != requested {
			continue
		}
		if !v.availableTil.IsZero() && !now.Before(v.availableTil) {
			return oldestAvailable(now), nil
		}
		return v.name, nil
	}
	return "", &graphError{
		Message: fmt.Sprintf("Unknown path components: /%s", requested),
		Type:    "OAuthException",
		Code:    100,
	}
}
