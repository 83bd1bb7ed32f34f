package emulator

import "net/http"

// ServeHTTP serves, in this order, the /_emulator/ control API (control.go),
// the CDN-style download URLs of flow assets (flow_assets.go) and Graph API
// calls (the table of graphRoutes).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isControlPath(r.URL.Path) {
		e.serveControl(w, r)
		return
	}
	if isFlowAssetPath(r.URL.Path) {
		e.serveFlowAsset(w, r)
		return
	}
	e.serveGraph(w, r)
}

// graphRoutes lists every Graph operation the emulator serves. A path is
// /{version}/{id}[/{edge}[/{item}]], the version segment being optional; the
// node type of {id} picks the row, the edge and the method pick the handler.
func graphRoutes() routeTable {
	t := newRouteTable()

	// GET /debug_token: what a token is and may do (debug_token.go).
	t.addNode(nodeDebugToken, debugTokenRoute())

	// Businesses and the WABAs they own or serve (waba.go).
	// /{business-id}
	t.addNode(nodeBusiness, route{methods: map[string]handler{http.MethodGet: getBusiness}, usage: usageApp})
	// /{business-id}/owned_whatsapp_business_accounts
	t.addEdge(nodeBusiness, "owned_whatsapp_business_accounts",
		route{methods: map[string]handler{http.MethodGet: listOwnedWABAs}, usage: usageApp})
	// /{business-id}/client_whatsapp_business_accounts
	t.addEdge(nodeBusiness, "client_whatsapp_business_accounts",
		route{methods: map[string]handler{http.MethodGet: listClientWABAs}, usage: usageApp})
	// /{waba-id}
	t.addNode(nodeWABA, route{methods: map[string]handler{
		http.MethodGet:  getWABA,
		http.MethodPost: updateWABA,
	}, usage: usageWABA})

	// Users assigned to a WABA (assigned_users.go).
	// /{waba-id}/assigned_users
	t.addEdge(nodeWABA, "assigned_users", route{methods: map[string]handler{
		http.MethodGet:    listAssignedUsers,
		http.MethodPost:   assignUser,
		http.MethodDelete: unassignUser,
	}, usage: usageWABA})

	// The account's activity log (activities.go).
	// /{waba-id}/activities
	t.addEdge(nodeWABA, "activities", route{methods: map[string]handler{http.MethodGet: listActivities}, usage: usageWABA})

	// The account's schedules (schedules.go).
	// /{waba-id}/schedules
	t.addEdge(nodeWABA, "schedules", route{methods: map[string]handler{
		http.MethodGet:  listSchedules,
		http.MethodPost: createSchedule,
	}, usage: usageWABA})

	// What a partner reads to wire client accounts (partner_accounts.go).
	// /{user-id}/assigned_whatsapp_business_accounts, for business and system users
	for _, typ := range []nodeType{nodeBusinessUser, nodeSystemUser} {
		t.addEdge(typ, "assigned_whatsapp_business_accounts", route{methods: map[string]handler{http.MethodGet: listAssignedWABAs}})
	}
	// /{business-id}/extendedcredits
	t.addEdge(nodeBusiness, "extendedcredits", route{methods: map[string]handler{http.MethodGet: listCreditLines}, usage: usageApp})

	// Phone numbers and their lifecycle (phone.go, phone_lifecycle.go).
	// /{phone-number-id}
	t.addNode(nodePhone, route{methods: map[string]handler{
		http.MethodGet:  getPhone,
		http.MethodPost: updatePhone,
	}})
	// /{waba-id}/phone_numbers
	t.addEdge(nodeWABA, "phone_numbers", route{methods: map[string]handler{
		http.MethodGet:  listPhones,
		http.MethodPost: createPhone,
	}, usage: usageWABA})
	// /{phone-number-id}/request_code, verify_code, register, deregister
	t.addEdge(nodePhone, "request_code", route{methods: map[string]handler{http.MethodPost: requestCode}})
	t.addEdge(nodePhone, "verify_code", route{methods: map[string]handler{http.MethodPost: verifyCode}})
	t.addEdge(nodePhone, "register", route{methods: map[string]handler{http.MethodPost: registerPhone}})
	t.addEdge(nodePhone, "deregister", route{methods: map[string]handler{http.MethodPost: deregisterPhone}})
	// /{phone-number-id}/messages, template messages only (messages.go)
	t.addEdge(nodePhone, "messages", route{methods: map[string]handler{http.MethodPost: sendMessage}})

	// Phone number settings: business profile (business_profile.go),
	// commerce settings (commerce_settings.go), conversational automation
	// and its bot (conversational_automation.go).
	// /{phone-number-id}/whatsapp_business_profile
	t.addEdge(nodePhone, "whatsapp_business_profile", route{methods: map[string]handler{
		http.MethodGet:  getBusinessProfile,
		http.MethodPost: updateBusinessProfile,
	}, usage: usageWABA})
	// /{phone-number-id}/whatsapp_commerce_settings
	t.addEdge(nodePhone, "whatsapp_commerce_settings", route{methods: map[string]handler{
		http.MethodGet:  getCommerceSettings,
		http.MethodPost: updateCommerceSettings,
	}, usage: usageWABA})
	// /{phone-number-id}/conversational_automation
	t.addEdge(nodePhone, "conversational_automation", route{methods: map[string]handler{
		http.MethodPost: configureAutomation,
	}, usage: usageWABA})
	// /{phone-number-id}/whatsapp_business_encryption (business_encryption.go)
	t.addEdge(nodePhone, "whatsapp_business_encryption", route{methods: map[string]handler{
		http.MethodGet:  getBusinessEncryption,
		http.MethodPost: setBusinessEncryption,
	}, usage: usageWABA})
	// /{phone-number-id}/settings (phone_number_settings.go)
	t.addEdge(nodePhone, "settings", route{methods: map[string]handler{
		http.MethodGet:  getPhoneSettings,
		http.MethodPost: updatePhoneSettings,
	}, usage: usageWABA})
	// /{phone-number-id}/official_business_account (official_business_account.go)
	t.addEdge(nodePhone, "official_business_account", route{methods: map[string]handler{
		http.MethodGet:  getOfficialBusinessAccount,
		http.MethodPost: requestOfficialBusinessAccount,
	}, usage: usageWABA})
	// /{phone-number-id}/business_compliance_info (business_compliance_info.go)
	t.addEdge(nodePhone, "business_compliance_info", route{methods: map[string]handler{
		http.MethodGet:  getComplianceInfo,
		http.MethodPost: setComplianceInfo,
	}, usage: usageWABA})
	// /{bot-id}
	t.addNode(nodeBot, route{methods: map[string]handler{http.MethodGet: getBot}, usage: usageWABA})

	// QR codes of a phone number (qr_codes.go).
	// /{phone-number-id}/message_qrdls and /{phone-number-id}/message_qrdls/{code}
	t.addEdge(nodePhone, "message_qrdls", route{
		methods: map[string]handler{
			http.MethodGet:  listQRCodes,
			http.MethodPost: writeQRCode,
		},
		items: map[string]handler{
			http.MethodGet:    getQRCode,
			http.MethodDelete: deleteQRCode,
		},
		usage: usageWABA,
	})

	// Message templates (templates.go, template_read.go, template_edit.go).
	// GET responses carry an ETag.
	// /{template-id}
	t.addNode(nodeTemplate, route{methods: map[string]handler{
		http.MethodGet:  getTemplate,
		http.MethodPost: editTemplate,
	}, usage: usageWABA, etag: true})
	// /{waba-id}/message_templates
	t.addEdge(nodeWABA, "message_templates", route{methods: map[string]handler{
		http.MethodGet:    listTemplates,
		http.MethodPost:   createTemplate,
		http.MethodDelete: deleteTemplates,
	}, usage: usageWABA, etag: true})

	// /{waba-id}/migrate_message_templates (template_migration.go)
	t.addEdge(nodeWABA, "migrate_message_templates", route{methods: map[string]handler{http.MethodPost: migrateTemplates}, usage: usageWABA})

	// The Template Library (template_library_browse.go).
	// /message_template_library
	t.addNode(nodeTemplateLibrary, route{methods: map[string]handler{http.MethodGet: browseTemplateLibrary}, usage: usageApp})

	// Flows and their assets (flows.go, flow_assets.go).
	// /{waba-id}/flows
	t.addEdge(nodeWABA, "flows", route{methods: map[string]handler{
		http.MethodGet:  listFlows,
		http.MethodPost: createFlow,
	}, usage: usageWABA})
	// /{flow-id}
	t.addNode(nodeFlow, route{methods: map[string]handler{
		http.MethodGet:    getFlow,
		http.MethodPost:   updateFlow,
		http.MethodDelete: deleteFlow,
	}, usage: usageWABA})
	// /{flow-id}/assets
	t.addEdge(nodeFlow, "assets", route{methods: map[string]handler{
		http.MethodGet:  listFlowAssets,
		http.MethodPost: uploadFlowAsset,
	}, usage: usageWABA})
	// /{waba-id}/migrate_flows (flow_migration.go)
	t.addEdge(nodeWABA, "migrate_flows", route{methods: map[string]handler{http.MethodPost: migrateFlows}, usage: usageWABA})
	// /{flow-id}/publish, /{flow-id}/deprecate
	t.addEdge(nodeFlow, "publish", route{methods: map[string]handler{http.MethodPost: publishFlow}, usage: usageWABA})
	t.addEdge(nodeFlow, "deprecate", route{methods: map[string]handler{http.MethodPost: deprecateFlow}, usage: usageWABA})

	// Apps and webhook subscriptions (app.go, subscriptions.go).
	// /{app-id}, also reached as /app
	t.addNode(nodeApp, route{methods: map[string]handler{http.MethodGet: getApp}})
	// /{waba-id}/subscribed_apps
	t.addEdge(nodeWABA, "subscribed_apps", route{methods: map[string]handler{
		http.MethodGet:    listSubscribedApps,
		http.MethodPost:   subscribeApp,
		http.MethodDelete: unsubscribeApp,
	}, usage: usageWABA})
	// /{app-id}/subscriptions
	t.addEdge(nodeApp, "subscriptions", route{methods: map[string]handler{
		http.MethodGet:    listAppSubscriptions,
		http.MethodPost:   createAppSubscription,
		http.MethodDelete: deleteAppSubscriptions,
	}})
	// Resumable Upload API (uploads.go): /{app-id}/uploads and /upload:<session>.
	uploadRoutes(t)

	return t
}
