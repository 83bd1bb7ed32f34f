package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// The business profile of a phone number: GET/POST
// /{phone-number-id}/whatsapp_business_profile (§6 of the API notes).
//
// Writes are partial: parameters that are not sent keep their value. An empty
// string clears address, description, email and vertical, and an empty list
// clears websites; about cannot be empty. A profile picture is written as a
// Resumable Upload handle and read back only as a CDN URL, never as the
// handle. Reads return {"data":[{"business_profile":{…}}]}, the shape of the
// spec's examples, with empty fields left out.

// BusinessProfile is a phone number's business profile. Empty strings and a
// nil Websites are unset fields.
type BusinessProfile struct {
	About, Address, Description, Email, Vertical string
	Websites                                     []string
	// ProfilePictureURL is the CDN URL of the picture, "" when there is none.
	ProfilePictureURL string
}

// Limits Meta documents for the profile (the OpenAPI file says 256 for
// description; Meta's Business Profiles page says 512, which is what the API
// accepts).
const (
	profileAboutMax       = 139
	profileAddressMax     = 256
	profileDescriptionMax = 512
	profileEmailMax       = 128
	profileWebsitesMax    = 2
	profileWebsiteMax     = 256
)

// profileVerticals are the accepted vertical values: the spec's enum plus
// UNDEFINED and NOT_A_BIZ, which older Cloud API references list and which
// accounts created then still report.
var profileVerticals = []string{
	"OTHER", "AUTO", "BEAUTY", "APPAREL", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE", "GROCERY",
	"GOVT", "HOTEL", "HEALTH", "NONPROFIT", "PROF_SERVICES", "RETAIL", "TRAVEL", "RESTAURANT",
	"ALCOHOL", "ONLINE_GAMBLING", "PHYSICAL_GAMBLING", "OTC_DRUGS", "UNDEFINED", "NOT_A_BIZ",
}

var (
	profileEmailPattern = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)
	// A Resumable Upload handle: "4:<base64 name>:<base64 type>:…" (Meta's
	// examples also show "4::aW…").
	profilePictureHandlePattern = regexp.MustCompile(`^[0-9]+:[^\s:]*:\S+$`)
)

var businessProfileFields = fieldSet{
	nodeType: "WhatsAppBusinessProfile",
	allowed:  []string{"messaging_product", "about", "address", "description", "email", "profile_picture_url", "websites", "vertical"},
	defaults: []string{"messaging_product", "about", "address", "description", "email", "profile_picture_url", "websites", "vertical"},
}

func (s *store) businessProfile(phoneID string) *BusinessProfile {
	return attached(s, phoneID, "whatsapp_business_profile", func() *BusinessProfile { return &BusinessProfile{} })
}

func (p *BusinessProfile) view() map[string]any {
	v := map[string]any{"messaging_product": "whatsapp"}
	for k, s := range map[string]string{
		"about": p.About, "address": p.Address, "description": p.Description,
		"email": p.Email, "vertical": p.Vertical, "profile_picture_url": p.ProfilePictureURL,
	} {
		if s != "" {
			v[k] = s
		}
	}
	if len(p.Websites) > 0 {
		v["websites"] = append([]string(nil), p.Websites...)
	}
	return v
}

// GET /{phone-number-id}/whatsapp_business_profile
func getBusinessProfile(c *call) (any, *graphError) {
	fields, err := c.selectFields(businessProfileFields)
	if err != nil {
		return nil, err
	}
	p := c.e.store.businessProfile(c.node.(*phone).id)
	view := project(p.view(), fields)
	return map[string]any{"data": []any{map[string]any{"business_profile": view}}}, nil
}

// POST /{phone-number-id}/whatsapp_business_profile
func updateBusinessProfile(c *call) (any, *graphError) {
	mp, ok := c.params.str("messaging_product")
	if !ok || mp == "" {
		return nil, errRequiredParam("messaging_product")
	}
	if mp != "whatsapp" {
		return nil, errParam(`(#100) Param messaging_product must be one of {whatsapp} - got "%s"`, mp)
	}
	next := *c.e.store.businessProfile(c.node.(*phone).id)
	next.Websites = append([]string(nil), next.Websites...)

	if v, ok := c.params.str("about"); ok {
		if n := chars(v); n < 1 || n > profileAboutMax {
			return nil, errParam("Invalid parameter: about must be between 1 and %d characters", profileAboutMax)
		}
		next.About = v
	}
	for _, f := range []struct {
		name string
		max  int
		dst  *string
	}{
		{"address", profileAddressMax, &next.Address},
		{"description", profileDescriptionMax, &next.Description},
	} {
		if v, ok := c.params.str(f.name); ok {
			if chars(v) > f.max {
				return nil, errParam("Invalid parameter: %s must be at most %d characters", f.name, f.max)
			}
			*f.dst = v
		}
	}
	if v, ok := c.params.str("email"); ok {
		if v != "" && (chars(v) > profileEmailMax || !profileEmailPattern.MatchString(v)) {
			return nil, errParam("Invalid parameter: email must be a valid email address")
		}
		next.Email = v
	}
	if v, ok := c.params.str("vertical"); ok {
		if v != "" && !contains(profileVerticals, v) {
			return nil, errParam(`(#100) Param vertical must be one of {%s} - got "%s"`, strings.Join(profileVerticals, ", "), v)
		}
		next.Vertical = v
	}
	sites, present, err := c.stringList("websites")
	if err != nil {
		return nil, err
	}
	if present {
		if gerr := validateWebsites(sites); gerr != nil {
			return nil, gerr
		}
		next.Websites = sites
	}
	if h, ok := c.params.str("profile_picture_handle"); ok {
		if !profilePictureHandlePattern.MatchString(h) {
			return nil, errParam("The profile picture handle is invalid or expired")
		}
		if gerr := c.checkProfilePicture(h); gerr != nil {
			return nil, gerr
		}
		next.ProfilePictureURL = profilePictureURL(h)
	}
	*c.e.store.businessProfile(c.node.(*phone).id) = next
	return map[string]any{"success": true}, nil
}

// profilePictureTypes and profilePictureMaxBytes are what a profile picture may be: an image of
// at most 5 MB (Meta's profile photo reference: "max size of 5MB"; JPEG and PNG, the image types
// the Resumable Upload API takes).
var profilePictureTypes = []string{"image/jpeg", "image/jpg", "image/png"}

const profilePictureMaxBytes = 5 << 20

// checkProfilePicture refuses a handle the emulator issued for a file that cannot be a profile
// picture. Handles it did not issue keep the benefit of the doubt: seeded accounts hold handles
// uploaded elsewhere.
//
// The spec answers unusable handles with its generic 422 GraphMethodException example. Meta's
// Graph API reference for the whatsapp_business_profile edge lists 131031, 100 "Invalid
// parameter", 80008 and 131000, and its error codes page has no entry for picture handles, so an
// unusable handle is the documented 100 Invalid parameter: an HTTP 400 OAuthException.
func (c *call) checkProfilePicture(handle string) *graphError {
	typ, size, ok := c.e.store.uploadedMedia(handle)
	switch {
	case !ok:
		return nil
	case !contains(profilePictureTypes, typ):
		return errParam("The profile picture handle is invalid: the uploaded file is %s, not a JPEG or PNG image", typ)
	case size > profilePictureMaxBytes:
		return errParam("The profile picture handle is invalid: the uploaded image has %d bytes, more than 5 MB", size)
	}
	return nil
}

func validateWebsites(sites []string) *graphError {
	if len(sites) > profileWebsitesMax {
		return errParam("Invalid parameter: websites can have at most %d entries", profileWebsitesMax)
	}
	for _, s := range sites {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errParam("Invalid parameter: websites must be URLs that start with http:// or https:// (got %q)", s)
		}
		if chars(s) > profileWebsiteMax {
			return errParam("Invalid parameter: each website must be at most %d characters", profileWebsiteMax)
		}
	}
	return nil
}

// profilePictureURL is where Meta's CDN serves the picture uploaded as
// handle: a signed pps.whatsapp.net URL, stable for a given upload.
func profilePictureURL(handle string) string {
	sum := sha256.Sum256([]byte("profile-picture:" + handle))
	var digits strings.Builder
	for _, b := range sum[:24] {
		digits.WriteByte('0' + b%10)
	}
	h := hex.EncodeToString(sum[:])
	return fmt.Sprintf("https://pps.whatsapp.net/v/t61.24694-24/%s_n.jpg?ccb=11-4&oh=01_%s&oe=%s&_nc_sid=5e03e0&_nc_cat=10",
		digits.String(), h[:40], strings.ToUpper(h[40:48]))
}

// BusinessProfileOf returns a copy of the phone number's business profile.
func (e *Emulator) BusinessProfileOf(phoneID string) (BusinessProfile, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return BusinessProfile{}, err
	}
	// Reading never creates the document.
	stored := peekAttached[BusinessProfile](e.store, phoneID, "whatsapp_business_profile")
	if stored == nil {
		return BusinessProfile{}, nil
	}
	p := *stored
	p.Websites = append([]string(nil), p.Websites...)
	return p, nil
}

// EditBusinessProfile changes a phone number's business profile out of band,
// as a person does in WhatsApp Manager. The edit is applied as given,
// without the API's validation.
func (e *Emulator) EditBusinessProfile(phoneID string, edit func(*BusinessProfile)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return err
	}
	p := e.store.businessProfile(phoneID)
	edit(p)
	return nil
}
