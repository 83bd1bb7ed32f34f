# What happened to the account's templates and users in the last week.
data "whatsapp_business_account_activities" "last_week" {
  activity_types = ["TEMPLATE_CREATED", "TEMPLATE_DELETED", "USER_ADDED", "USER_REMOVED", "USER_ROLE_CHANGED"]
  since          = timeadd(plantimestamp(), "-168h")
  max_results    = 500
}

output "recent_changes" {
  value = [
    for a in data.whatsapp_business_account_activities.last_week.activities :
    "${a.timestamp} ${a.activity_type} by ${coalesce(a.actor_name, a.actor_type)}: ${a.description}"
  ]
}

# The templates deleted in that window, by name, from each activity's details.
output "deleted_templates" {
  value = [
    for a in data.whatsapp_business_account_activities.last_week.activities :
    jsondecode(a.details).template_name if a.activity_type == "TEMPLATE_DELETED" && a.details != null
  ]
}
