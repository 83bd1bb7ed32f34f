# By WhatsApp Business Account id and user id (a user of the business that owns the account):
terraform import whatsapp_business_account_assigned_user.ci 102290129340398/61550000000001

# With the business the user belongs to, for a client's account shared with your business:
terraform import whatsapp_business_account_assigned_user.ci_on_client 104996122399160/61550000000001/506914307656634
