package provider

import (
	"fmt"
	"sort"
	"strings"
)

// importByIdentity renders an import block that names the resource at to by its identity.
func importByIdentity(to string, identity map[string]string) string {
	names := make([]string, 0, len(identity))
	for name := range identity {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "\nimport {\n  to = %s\n  identity = {\n", to)
	for _, name := range names {
		fmt.Fprintf(&b, "    %s = %q\n", name, identity[name])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}
