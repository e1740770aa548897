"""The partner board, its words: the labels of the board page and of the form, each
looked up in the edition's press.po.

Tables, so each stays one long function: Babel extracts only the literal msgids of
`label()` calls, so the words cannot become a constant of msgids looked up in a loop."""
from __future__ import annotations

from press.core.project import Project
from press.i18n.labels import label


def words(project: Project, lang: str) -> dict[str, str]:
    loc = project.locales
    return {
        "board": label(lang, "Partner board", loc),
        "intro": label(lang, "Municipalities offer themselves as partners or look for one. "
                       "Entries are checked by the association's secretariat before they "
                       "are published.", loc),
        "privacy": label(lang, "What is published: the entry as the municipality sent it, "
                         "with the address of an office (never a private person's). Each "
                         "entry is shown until its expiry date, at most 12 months after "
                         "publication, and then taken off the site unless it is renewed. "
                         "The feed and the data export leave the contact addresses out.", loc),
        "as_of": label(lang, "Board as of %s", loc),
        "add": label(lang, "Add your entry", loc),
        "feed": label(lang, "Atom feed", loc),
        "json": label(lang, "Data (JSON)", loc),
        "filters": label(lang, "Filter the entries", loc),
        "type": label(lang, "Type", loc),
        "offer": label(lang, "Offer", loc),
        "request": label(lang, "Request", loc),
        "offers": label(lang, "Offers partnership", loc),
        "requests": label(lang, "Looks for a partner", loc),
        "country": label(lang, "Country", loc),
        "theme": label(lang, "Theme", loc),
        "language": label(lang, "Language", loc),
        "all": label(lang, "All", loc),
        "shown": label(lang, "Entries shown: %s of %s", loc),
        "none": label(lang, "There are no entries on the board at present.", loc),
        "example": label(lang, "Example", loc),
        "example_note": label(lang, "A fictional municipality, shown to demonstrate the "
                              "board.", loc),
        "published": label(lang, "Published", loc),
        "expires": label(lang, "Shown until", loc),
        "region": label(lang, "Region", loc),
        "population": label(lang, "Population", loc),
        "languages": label(lang, "Languages spoken", loc),
        "themes": label(lang, "Themes", loc),
        "seeking": label(lang, "Looking for", loc),
        "countries": label(lang, "Countries", loc),
        "regions": label(lang, "Regions", loc),
        "size": label(lang, "Size", loc),
        "smaller": label(lang, "smaller", loc),
        "similar": label(lang, "similar size", loc),
        "larger": label(lang, "larger", loc),
        "any": label(lang, "any size", loc),
        "contact": label(lang, "Contact", loc),
        "write": label(lang, "Write to the office", loc),
        "nojs_contact": label(lang, "Contact addresses are shown with JavaScript only. "
                              "Without it, please contact the association, which forwards "
                              "your message:", loc),
        "untranslated": label(lang, "Not translated yet; shown as the municipality wrote it.", loc),
        "link": label(lang, "Link to this entry", loc),
        "back": label(lang, "Back to the publication", loc),
    }


def form_words(project: Project, lang: str) -> dict[str, str]:
    loc = project.locales
    return {
        "title": label(lang, "Add your entry to the partner board", loc),
        "how": label(lang, "Fill in the form. It checks the entry in your browser and makes a "
                     "record file, which you download or send by e-mail to the "
                     "secretariat. Nothing is sent until you do so; the secretariat checks "
                     "the entry before it is published.", loc),
        "municipality": label(lang, "Municipality", loc),
        "region_hint": label(lang, "Optional.", loc),
        "languages_hint": label(lang, "Language codes separated by commas, e.g. sk, de, en.", loc),
        "countries_hint": label(lang, "Country codes separated by commas, e.g. DE, AT; empty: any country.", loc),
        "regions_hint": label(lang, "Optional; one per line.", loc),
        "desc_lang": label(lang, "Language of the description", loc),
        "description": label(lang, "Description", loc),
        "desc_hint": label(lang, "One paragraph of plain text: who you are and what partnership you seek.", loc),
        "office": label(lang, "Office or role", loc),
        "email": label(lang, "Office e-mail address", loc),
        "email_hint": label(lang, "The address of an office (e.g. podatelna@…), not of a person.", loc),
        "consent": label(lang, "The municipality agrees that this entry, with the office's "
                         "address, is published on the board until the date below.", loc),
        "expires_hint": label(lang, "At most 12 months after publication.", loc),
        "make": label(lang, "Check and make the record", loc),
        "errors": label(lang, "The entry has problems:", loc),
        "ok": label(lang, "The record is ready. Download it or send it by e-mail to the secretariat.", loc),
        "record": label(lang, "The record (YAML)", loc),
        "download": label(lang, "Download the record", loc),
        "send": label(lang, "Send by e-mail to the secretariat", loc),
        "nojs": label(lang, "The form needs JavaScript. Without it, write to the association:", loc),
        "required": label(lang, "required", loc),
        # messages of the validator
        "e_required": label(lang, "This field is required.", loc),
        "e_type": label(lang, "The value has the wrong type.", loc),
        "e_enum": label(lang, "Not one of the allowed values: %s", loc),
        "e_short": label(lang, "Too short.", loc),
        "e_long": label(lang, "Too long (at most %s characters).", loc),
        "e_pattern": label(lang, "The format is not valid.", loc),
        "e_markup": label(lang, "Plain text only: no HTML, links, headings or markup.", loc),
        "e_min": label(lang, "Must be at least %s.", loc),
        "e_max": label(lang, "Must be at most %s.", loc),
        "e_items_min": label(lang, "Choose at least %s.", loc),
        "e_items_max": label(lang, "At most %s items.", loc),
        "e_unique": label(lang, "An item is listed twice.", loc),
        "e_unknown": label(lang, "Unknown field.", loc),
        "e_private": label(lang, "Give the address of an office, not a private or personal one.", loc),
        "e_consent": label(lang, "The municipality's consent is required.", loc),
        "e_order": label(lang, "The expiry date must be after the publication date.", loc),
        "e_months": label(lang, "At most 12 months after publication (at the latest %s).", loc),
    }
