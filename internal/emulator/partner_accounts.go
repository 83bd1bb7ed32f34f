package emulator

import (
	"fmt"
	"strings"
	"time"
)

// What a Solution Partner reads to wire its clients' accounts:
//
//   - GET /{user-id}/assigned_whatsapp_business_accounts: the WABAs assigned
//     to a business user or system user, as WhatsAppBusinessAccount nodes
//     with the user's tasks on each (Meta's Graph API reference, "System User
//     Assigned Whatsapp Business Accounts" and "Business User Assigned
//     Whatsapp Business Accounts",
//     https://developers.facebook.com/documentation/ads-commerce/marketing-api/reference/system-user/assigned_whatsapp_business_accounts).
//     The WhatsApp reference of the same edge (v23.0,
//     https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/user/assigned-whatsapp-business-accounts-api)
//     names more fields: status, assignment_date, permissions (the tasks
//     again), business_id and phone_numbers. Both sets are served; the
//     default fields are id, name, status and tasks. A user of another
//     business than the token's system user, or another user of its business
//     when the system user is not an admin, is refused with 403/200/1349174
//     "Your app doesn't have permission to access assigned WhatsApp Business
//     Accounts for this user". Paging is limit/after/before with
//     summary.total_count.
//   - GET /{business-id}/extendedcredits: the business's credit lines
//     (ExtendedCredit nodes: id, legal_entity_name, owner_business_name,
//     credit_type, is_access_revoked…; the default field is id), as Meta's
//     "Share and revoke credit lines" page describes them
//     (https://developers.facebook.com/docs/whatsapp/embedded-signup/manage-accounts/share-and-revoke-credit-lines).
//     The page requires a system user of the business with an Admin or
//     Financial Editor role; any other caller gets "(#200) Permissions
//     error".
//
// An id of another node type (a WABA's id for a user's) has no such edge and
// gets Graph's "Unknown path components" (100), as every unknown edge does.

const nodeExtendedCredit nodeType = "ExtendedCredit"

// Roles of a user on its business, and finance roles.
const (
	roleAdmin     = "ADMIN"
	roleEmployee  = "EMPLOYEE"
	financeEditor = "EDITOR"
)

var (
	businessRoles       = []string{roleAdmin, roleEmployee}
	financePermissions  = []string{financeEditor, "ANALYST"}
	defaultCreditType   = "EXTENDED_CREDIT"
	assignedWABAExtras  = []string{"tasks", "status", "assignment_date", "permissions", "business_id", "phone_numbers"}
	assignedWABAFields  = fieldSet{nodeType: nodeWABA.graphName(), allowed: append(append([]string(nil), wabaFields.allowed...), assignedWABAExtras...), defaults: []string{"id", "name", "status", "tasks"}}
	creditLineFieldList = fieldSet{
		nodeType: nodeExtendedCredit.graphName(),
		allowed: []string{"id", "legal_entity_name", "owner_business", "owner_business_name", "credit_type", "is_access_revoked",
			"is_automated_experience", "liable_biz_name", "send_bill_to_biz_name"},
		defaults: []string{"id"},
	}
)

type creditLine struct {
	id, businessID  string
	legalEntityName string
	creditType      string
	isAccessRevoked bool
	seq             int64
}

func (*creditLine) kind() nodeType     { return nodeExtendedCredit }
func (*creditLine) owningWABA() string { return "" }

func (c *creditLine) fullView(s *store) map[string]any {
	v := map[string]any{
		"id":                      c.id,
		"legal_entity_name":       c.legalEntityName,
		"credit_type":             c.creditType,
		"is_access_revoked":       c.isAccessRevoked,
		"is_automated_experience": false,
		"liable_biz_name":         c.legalEntityName,
		"send_bill_to_biz_name":   c.legalEntityName,
	}
	if b, ok := s.nodes[c.businessID].(*business); ok {
		v["owner_business"] = map[string]any{"id": b.id, "name": b.name}
		v["owner_business_name"] = b.name
	}
	return v
}

// tokenUser is the system user the access token belongs to.
func (c *call) tokenUser() *businessUser {
	u, _ := c.e.store.nodes[c.e.opts.SystemUserID].(*businessUser)
	return u
}

func errAssignedWABAsDenied() *graphError {
	return &graphError{
		Message:   "Your app doesn't have permission to access assigned WhatsApp Business Accounts for this user",
		Type:      "OAuthException",
		Code:      200,
		Subcode:   1349174,
		UserTitle: "Permission Denied",
		UserMsg:   "Your app doesn't have permission to access this resource",
	}
}

// GET /{user-id}/assigned_whatsapp_business_accounts
func listAssignedWABAs(c *call) (any, *graphError) {
	u := c.node.(*businessUser)
	me := c.tokenUser()
	if me == nil || u.businessID != me.businessID || (u.id != me.id && me.role != roleAdmin) {
		return nil, errAssignedWABAsDenied()
	}
	fields, err := c.selectFields(assignedWABAFields)
	if err != nil {
		return nil, err
	}
	type held struct {
		w *waba
		a *assignment
	}
	var all []held
	for _, n := range c.e.store.nodes {
		w, ok := n.(*waba)
		if !ok {
			continue
		}
		if doc := peekAttached[assignments](c.e.store, w.id, docAssignedUsers); doc != nil {
			if _, a := doc.find(u.id); a != nil {
				all = append(all, held{w, a})
			}
		}
	}
	sortBySeq(all, func(h held) int64 { return h.a.seq })
	items := make([]pageItem, 0, len(all))
	for _, h := range all {
		v := h.w.view(c.e.store, c.e.opts.AppID)
		v["tasks"] = append([]string(nil), h.a.tasks...)
		v["permissions"] = append([]string(nil), h.a.tasks...)
		v["status"] = assignedWABAStatus(h.w.accountReviewStatus)
		v["business_id"] = h.w.businessID
		if !h.a.at.IsZero() {
			v["assignment_date"] = h.a.at.UTC().Format(time.RFC3339)
		}
		phones := make([]any, 0, len(h.w.phones))
		for _, p := range h.w.phones {
			phones = append(phones, map[string]any{"id": p.id, "display_phone_number": p.displayPhoneNumber, "verified_name": p.verifiedName, "status": p.status})
		}
		v["phone_numbers"] = phones
		items = append(items, pageItem{seq: h.a.seq, value: c.render(assignedWABAFields, h.w.id, v, fields)})
	}
	out, err := c.paginate(items, maxPageLimit)
	if err != nil {
		return nil, err
	}
	out["summary"] = map[string]any{"total_count": len(items)}
	return out, nil
}

// assignedWABAStatus is the WhatsAppBusinessAccountStatus of the assigned
// accounts edge for a WABA's review status.
func assignedWABAStatus(review string) string {
	switch review {
	case "PENDING":
		return "PENDING"
	case "RESTRICTED":
		return "RESTRICTED"
	case "REJECTED":
		return "DISABLED"
	}
	return "ACTIVE"
}

// GET /{business-id}/extendedcredits
func listCreditLines(c *call) (any, *graphError) {
	b := c.node.(*business)
	me := c.tokenUser()
	if me == nil || me.businessID != b.id || (me.role != roleAdmin && me.financePermission != financeEditor) {
		return nil, &graphError{Message: defaultMessage(200), Type: "OAuthException", Code: 200,
			UserTitle: "Permissions error",
			UserMsg:   "Reading a business's credit lines requires a system user of that business with an Admin or Financial Editor role."}
	}
	fields, err := c.selectFields(creditLineFieldList)
	if err != nil {
		return nil, err
	}
	var lines []*creditLine
	for _, n := range c.e.store.nodes {
		if cl, ok := n.(*creditLine); ok && cl.businessID == b.id {
			lines = append(lines, cl)
		}
	}
	sortBySeq(lines, func(cl *creditLine) int64 { return cl.seq })
	items := make([]pageItem, 0, len(lines))
	for _, cl := range lines {
		items = append(items, pageItem{seq: cl.seq, value: project(cl.fullView(c.e.store), fields)})
	}
	return c.paginate(items, maxPageLimit)
}

// AddCreditLine gives the seeded business a credit line with Meta and returns
// its id.
func (e *Emulator) AddCreditLine(legalEntityName string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	cl := &creditLine{id: e.store.newID(), businessID: e.opts.BusinessID, legalEntityName: legalEntityName,
		creditType: defaultCreditType, seq: e.store.nextSeq()}
	e.store.nodes[cl.id] = cl
	return cl.id
}

// SetSystemUserRole changes the token's system user's role on its business
// (ADMIN or EMPLOYEE) and its finance role (EDITOR, ANALYST or "").
func (e *Emulator) SetSystemUserRole(role, financePermission string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !contains(businessRoles, role) {
		return fmt.Errorf("role %q is not one of %s", role, strings.Join(businessRoles, ", "))
	}
	if financePermission != "" && !contains(financePermissions, financePermission) {
		return fmt.Errorf("finance permission %q is not one of %s", financePermission, strings.Join(financePermissions, ", "))
	}
	u, _ := e.store.nodes[e.opts.SystemUserID].(*businessUser)
	if u == nil {
		return fmt.Errorf("no system user %s", e.opts.SystemUserID)
	}
	u.role, u.financePermission = role, financePermission
	return nil
}

// resolvePartnerAccounts validates and completes the seed file's users,
// their assignments and credit lines, and the system user's roles.
func resolvePartnerAccounts(sf, out *SeedFile, probs *seedProblems, claim func(field string, id *string, preset string),
	isBusiness, isWABA map[string]bool, firstBusiness string,
) {
	c := out.Credentials
	probs.oneOf("credentials.system_user_role", &c.SystemUserRole, businessRoles)
	if c.SystemUserRole == "" {
		c.SystemUserRole = roleAdmin
	}
	probs.oneOf("credentials.system_user_finance_permission", &c.SystemUserFinancePermission, financePermissions)
	owners := map[string]string{}
	clients := map[string]string{}
	for _, w := range out.BusinessAccounts {
		owners[w.ID], clients[w.ID] = w.BusinessID, w.ClientOfBusinessID
	}
	for i, u := range sf.Users {
		field := fmt.Sprintf("users[%d]", i)
		claim(field, &u.ID, "")
		if u.BusinessID == "" {
			u.BusinessID = firstBusiness
		} else if !isBusiness[u.BusinessID] {
			probs.add(field+".business_id", "%q is not the id of a business in businesses", u.BusinessID)
		}
		if strings.TrimSpace(u.Name) == "" {
			u.Name = "User " + lastDigits(u.ID, 4)
		}
		probs.oneOf(field+".user_type", &u.UserType, userTypes)
		if u.UserType == "" {
			u.UserType = userTypeBusiness
		}
		probs.oneOf(field+".role", &u.Role, businessRoles)
		if u.Role == "" {
			u.Role = roleEmployee
		}
		probs.oneOf(field+".finance_permission", &u.FinancePermission, financePermissions)
		assigned := map[string]bool{}
		resolved := make([]SeedAssignment, 0, len(u.AssignedBusinessAccounts))
		for j, a := range u.AssignedBusinessAccounts {
			af := fmt.Sprintf("%s.assigned_business_accounts[%d]", field, j)
			switch {
			case !isWABA[a.BusinessAccountID]:
				probs.add(af+".business_account_id", "%q is not the id of a WhatsApp Business Account in business_accounts", a.BusinessAccountID)
			case owners[a.BusinessAccountID] != u.BusinessID && clients[a.BusinessAccountID] != u.BusinessID:
				probs.add(af+".business_account_id", "%s is neither owned by nor shared with the user's business %s", a.BusinessAccountID, u.BusinessID)
			case assigned[a.BusinessAccountID]:
				probs.add(af+".business_account_id", "%s is already assigned to the user", a.BusinessAccountID)
			}
			assigned[a.BusinessAccountID] = true
			tasks := make([]string, 0, len(a.Tasks))
			for k, t := range a.Tasks {
				t = strings.ToUpper(strings.TrimSpace(t))
				if !contains(wabaTasks, t) {
					probs.add(fmt.Sprintf("%s.tasks[%d]", af, k), "%q is not one of %s", t, strings.Join(wabaTasks, ", "))
				}
				if !contains(tasks, t) {
					tasks = append(tasks, t)
				}
			}
			if len(tasks) == 0 {
				tasks = []string{"MANAGE"}
			}
			resolved = append(resolved, SeedAssignment{BusinessAccountID: a.BusinessAccountID, Tasks: tasks})
		}
		u.AssignedBusinessAccounts = resolved
		out.Users = append(out.Users, u)
	}
	for i, cl := range sf.CreditLines {
		field := fmt.Sprintf("credit_lines[%d]", i)
		claim(field, &cl.ID, "")
		if cl.BusinessID == "" {
			cl.BusinessID = firstBusiness
		} else if !isBusiness[cl.BusinessID] {
			probs.add(field+".business_id", "%q is not the id of a business in businesses", cl.BusinessID)
		}
		if strings.TrimSpace(cl.LegalEntityName) == "" {
			probs.add(field+".legal_entity_name", "is required")
		}
		cl.CreditType = strings.ToUpper(strings.TrimSpace(cl.CreditType))
		if cl.CreditType == "" {
			cl.CreditType = defaultCreditType
		}
		out.CreditLines = append(out.CreditLines, cl)
	}
}

// seedPartnerAccounts adds a resolved seed file's users, assignments and
// credit lines to the store.
func seedPartnerAccounts(s *store, sf *SeedFile, now time.Time) {
	for _, su := range sf.Users {
		s.nodes[su.ID] = &businessUser{id: su.ID, businessID: su.BusinessID, name: su.Name, userType: su.UserType,
			role: su.Role, financePermission: su.FinancePermission}
		for _, a := range su.AssignedBusinessAccounts {
			doc := attached(s, a.BusinessAccountID, docAssignedUsers, func() *assignments { return &assignments{} })
			doc.list = append(doc.list, &assignment{userID: su.ID, tasks: append([]string(nil), a.Tasks...), seq: s.nextSeq(), at: now})
		}
	}
	for _, cl := range sf.CreditLines {
		s.nodes[cl.ID] = &creditLine{id: cl.ID, businessID: cl.BusinessID, legalEntityName: cl.LegalEntityName,
			creditType: cl.CreditType, isAccessRevoked: cl.IsAccessRevoked, seq: s.nextSeq()}
	}
}
