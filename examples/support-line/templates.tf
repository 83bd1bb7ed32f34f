# Templates live in templates.yaml: one entry per template, one block per language. Each
# (template, language) pair is its own Meta template, submitted to review on apply.
locals {
  template_catalog = yamldecode(file("${path.module}/templates.yaml"))

  templates = merge([
    for name, t in local.template_catalog : {
      for language, text in t.languages : "${name}/${language}" => merge(t, text, {
        name     = name
        language = language
      })
    }
  ]...)
}

resource "whatsapp_message_template" "support" {
  for_each = local.templates

  name     = each.value.name
  language = each.value.language
  category = each.value.category

  body = {
    text     = each.value.body
    examples = try(each.value.examples, null)
  }
  footer = try({ text = each.value.footer }, null)
  buttons = length(try(each.value.quick_replies, [])) == 0 ? null : [
    for reply in each.value.quick_replies : { type = "QUICK_REPLY", text = reply }
  ]
}
