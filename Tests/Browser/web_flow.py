"""Drives the FollowUp web page in headless Chromium (Debian's), as a counselor and as seekers.

Usage: web_flow.py BASE_URL SCREENSHOT_DIR
Prints one JSON object with what each step saw; the Swift test asserts on it.
"""
import json
import sys
import urllib.request

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

base, shots = sys.argv[1], sys.argv[2]
result = {}


# The lowest contrast between any visible text and the background behind it (WCAG 2.1 formula).
WORST_CONTRAST = """() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(x => parseFloat(x)); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = c => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  let worst = {ratio: 99, text: ''};
  for (const el of document.querySelectorAll('body *')) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const rect = el.getBoundingClientRect(); if (rect.width <= 1 || rect.height <= 1 || rect.right < 0) continue;
    const a = luminance(parse(getComputedStyle(el).color)), b = luminance(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio: Math.round(ratio * 100) / 100, text: el.textContent.trim().slice(0, 40)};
  }
  return worst;
}"""


def sign_in(page, user):
    page.goto(base + "/web/login")
    page.fill("#username", user)
    page.fill("#password", user + " password")
    page.click("form.card button[type=submit]")


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"], headless=True)

    # The counselor: caseload, a seeker's timeline, a note, a follow-up done, sign out.
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    sign_in(page, "carla")
    page.wait_for_url("**/web/caseload")
    result["caseloadTitle"] = page.title()
    result["caseloadRows"] = page.locator("table.caseload tbody tr").count()
    result["overdueRows"] = page.locator("table.caseload tbody tr.overdue").count()
    result["caseloadText"] = page.locator("table.caseload").inner_text()
    page.screenshot(path=f"{shots}/caseload-desktop.png", full_page=True)
    result["caseloadContrast"] = page.evaluate(WORST_CONTRAST)
    page.click("thead a:has-text('Overdue')")
    page.wait_for_url("**sort=overdue")
    result["sortedByOverdue"] = page.locator("table.caseload tbody tr").first.get_attribute("class") == "overdue"
    page.fill("#q", "nobody-matches")
    page.click("form.filter button")
    result["filteredRows"] = page.locator("table.caseload tbody tr").inner_text()
    page.goto(base + "/web/caseload")
    page.click("table.caseload a:has-text('Ana Ruiz')")
    page.wait_for_url("**/web/seekers/**")
    ana_page = page.url
    result["timelineHeading"] = page.locator("h1").inner_text()
    result["timelineText"] = page.locator("main").inner_text()
    page.screenshot(path=f"{shots}/timeline-desktop.png", full_page=True)
    result["timelineContrast"] = page.evaluate(WORST_CONTRAST)
    # Labels: every form field has one.
    result["unlabelledFields"] = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(el => !(el.labels && el.labels.length)).map(el => el.name)"""
    )
    page.select_option("select[name=kind] >> nth=0", "strong-point")
    page.fill("textarea[name=text] >> nth=0", "Led the warehouse move without a day of downtime (added on the web)")
    page.click("form.note-form button >> nth=0")
    page.wait_for_url("**done=note**")
    result["noteFlash"] = page.locator(".flash").inner_text()
    result["noteShown"] = page.locator("ul.notes li", has_text="Led the warehouse move without a day of downtime").count()
    # The counselor adds an interview for Ana, with its interviewer, and marks it held.
    page.click("details.add-interview summary")
    page.fill("#new-company", "Contoso Pharmacy")
    page.fill("#new-position", "Inventory Analyst")
    page.fill("#new-date", "2026-10-20")
    page.fill("#new-interviewer", "dr. lena park")
    page.fill("#new-email", "lena.park@contoso.example")
    page.click("details.add-interview button[type=submit]")
    page.wait_for_url("**done=interview**")
    result["interviewFlash"] = page.locator(".flash").inner_text()
    added = page.locator("article.interview", has_text="Contoso Pharmacy")
    result["interviewShown"] = added.count()
    added.get_by_role("button", name="Mark held and plan the thank-you and call").click()
    page.wait_for_url("**done=held**")
    result["heldFlash"] = page.locator(".flash").inner_text()
    result["heldFollowUps"] = page.locator("article.interview", has_text="Contoso Pharmacy").locator("ul.follow-ups li").all_inner_texts()
    csrf = page.get_attribute("input[name=csrf] >> nth=0", "value")
    bad = page.request.post(ana_page + "/interviews", form={"csrf": csrf, "company": "X", "interviewer": "Bob", "interviewerEmail": "bob@example.org\r\nBcc: victim@example.net"})
    result["badEmailStatus"] = bad.status
    result["badEmailText"] = bad.text()
    bad_date = page.request.post(ana_page + "/interviews", form={"csrf": csrf, "company": "X", "date": "2026-02-30"})
    result["badDateStatus"] = bad_date.status
    page.goto(ana_page)
    call = page.locator("ul.follow-ups li", has_text="Follow-up call").first
    call.locator("input[name=note]").fill("left a message with the recruiter")
    call.get_by_role("button", name="Mark done").click()
    page.wait_for_url("**done=follow-up**")
    result["callStatus"] = page.locator("ul.follow-ups li", has_text="Follow-up call").first.inner_text()
    page.click("a.history >> nth=0")
    result["historyText"] = page.locator("main").inner_text()
    # The calendar button: an address the counselor's calendar subscribes to, covering the caseload.
    page.click("header a:has-text('Calendar')")
    page.click("button:has-text('Make a calendar address')")
    feed_url = page.input_value("#feed-url")
    feed = urllib.request.urlopen(feed_url).read().decode()
    result["feedFromPage"] = {"starts": feed.startswith("BEGIN:VCALENDAR"), "hasAna": "Ana Ruiz: Interview" in feed}
    # A form posted without the CSRF token is refused, and changes nothing.
    forged = page.request.post(ana_page + "/notes", form={"interview": "x", "kind": "remark", "text": "forged"})
    result["forgedStatus"] = forged.status
    page.goto(ana_page)
    result["forgedShown"] = page.locator("ul.notes li", has_text="forged").count()
    page.click("header button:has-text('Sign out')")
    page.wait_for_url("**/web/login")
    result["afterSignOut"] = page.url
    result["afterSignOutGoesToLogin"] = page.goto(ana_page).url.endswith("/web/login")

    # The same pages on a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    sign_in(mobile, "carla")
    mobile.wait_for_url("**/web/caseload")
    result["phoneScrollsSideways"] = mobile.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    mobile.screenshot(path=f"{shots}/caseload-phone.png", full_page=True)
    mobile.goto(ana_page)
    mobile.screenshot(path=f"{shots}/timeline-phone.png", full_page=True)

    # Another seeker cannot open Ana's page.
    ben = browser.new_context().new_page()
    sign_in(ben, "ben")
    ben.wait_for_url("**/web/seekers/**")
    result["benOwnPage"] = ben.locator("h1").inner_text()
    result["benOnAnasPage"] = ben.goto(ana_page).status

    # Ana's thank-you on the web: a note written for its sentence, the letter edited, saved,
    # downloaded and recorded as sent; axe-core on the page with every form on it.
    letter_context = browser.new_context(viewport={"width": 1280, "height": 900})
    seeker = letter_context.new_page()
    sign_in(seeker, "ana")
    seeker.wait_for_url("**/web/seekers/**")
    seeker.select_option("select[name=kind] >> nth=0", "remark")
    seeker.fill("textarea[name=text] >> nth=0", "Carlos said the second warehouse opens in March")
    seeker.click("form.note-form button[value=preview] >> nth=0")
    result["previewRejected"] = seeker.locator("p.preview").first.inner_text()
    result["previewKeepsText"] = seeker.input_value("textarea[name=text] >> nth=0")
    seeker.select_option("select[name=kind] >> nth=0", "strong-point")
    seeker.fill("textarea[name=text] >> nth=0", "my three years running the dispatch desk")
    seeker.click("form.note-form button[value=preview] >> nth=0")
    result["previewPlaced"] = seeker.locator("p.preview").first.inner_text()
    result["axePreview"] = [v["id"] for v in Axe().run(seeker).response["violations"]]
    seeker.click("form.note-form button[value=add] >> nth=0")
    seeker.wait_for_url("**done=note**")
    seeker.click("details.draft summary >> nth=0")
    result["letterBefore"] = seeker.input_value("textarea[name=body] >> nth=0")
    result["letterMentions"] = seeker.locator("ul.mentions").first.inner_text() if seeker.locator("ul.mentions").count() else ""
    result["letterSummary"] = seeker.locator("details.draft summary").first.inner_text()
    result["noteAuthors"] = seeker.locator("ul.notes").first.inner_text()
    edited = result["letterBefore"].replace("I look forward to hearing from you", "Thank you again; I look forward to hearing from you")
    seeker.fill("textarea[name=body] >> nth=0", edited)
    seeker.click("button[value=save] >> nth=0")
    seeker.wait_for_url("**done=letter**")
    result["letterFlash"] = seeker.locator(".flash").first.inner_text()
    seeker.click("details.draft summary >> nth=0")
    result["letterAfter"] = seeker.input_value("textarea[name=body] >> nth=0")
    eml_link = seeker.get_attribute("details.draft a[href$='.eml'], details.draft a[href*='.eml?']", "href")
    eml = seeker.request.get(base + eml_link)
    result["emlStatus"] = eml.status
    result["emlType"] = eml.headers.get("content-type", "")
    import email
    import email.policy
    parsed = email.message_from_bytes(eml.body(), policy=email.policy.default)
    result["emlHasEdit"] = "Thank you again" in parsed.get_content() and not parsed.defects
    result["mailto"] = seeker.get_attribute("details.draft a[href^='mailto:']", "href")
    result["axeTimeline"] = [v["id"] for v in Axe().run(seeker).response["violations"]]
    seeker.select_option("select[name=via] >> nth=0", "email")
    seeker.click("button[value=sent] >> nth=0")
    seeker.wait_for_url("**done=sent**")
    result["sentFlash"] = seeker.locator(".flash").first.inner_text()
    result["thankYouStatus"] = seeker.locator("ul.follow-ups li", has_text="Thank-you").first.inner_text()
    seeker.screenshot(path=f"{shots}/timeline-letter.png", full_page=True)
    letter_context.close()

    # A revoked session is out: Ana signs in, her web device is revoked, her next page is the sign-in.
    ana_context = browser.new_context()
    ana = ana_context.new_page()
    sign_in(ana, "ana")
    ana.wait_for_url("**/web/seekers/**")
    token = next(c["value"] for c in ana_context.cookies() if c["name"] == "followup_session")
    result["sessionCookie"] = next(
        {"httpOnly": c["httpOnly"], "sameSite": c["sameSite"], "path": c["path"]} for c in ana_context.cookies() if c["name"] == "followup_session"
    )
    headers = {"Authorization": "Bearer " + token}
    devices = json.load(urllib.request.urlopen(urllib.request.Request(base + "/v1/devices", headers=headers)))["devices"]
    web = next(d for d in devices if d["current"])
    urllib.request.urlopen(urllib.request.Request(base + "/v1/devices/" + web["id"], headers=headers, method="DELETE"))
    result["revokedGoesToLogin"] = ana.goto(ana_page).url.endswith("/web/login")

    # The admin manages caseloads and sees no records.
    admin = browser.new_context().new_page()
    sign_in(admin, "root")
    admin.wait_for_url("**/web/admin")
    result["adminShowsRecords"] = "Northwind" in admin.locator("main").inner_text()
    admin.select_option("#counselor", "carla")
    admin.select_option("#seeker", "dan")
    admin.click("button[value=assign]")
    result["assignFlash"] = admin.locator(".flash").inner_text()
    again = browser.new_context().new_page()
    sign_in(again, "carla")
    again.wait_for_url("**/web/caseload")
    result["caseloadRowsAfterAssign"] = again.locator("table.caseload tbody tr").count()

    # Wrong passwords are throttled as the API throttles them.
    wrong = browser.new_context().new_page()
    statuses = []
    for _ in range(7):
        wrong.goto(base + "/web/login")
        wrong.fill("#username", "ben")
        wrong.fill("#password", "not the password")
        with wrong.expect_response(lambda r: r.request.method == "POST") as answer:
            wrong.click("form.card button[type=submit]")
        statuses.append(answer.value.status)
    result["wrongPasswordStatuses"] = statuses
    result["throttleMessage"] = wrong.locator(".problem").inner_text()
    browser.close()

print(json.dumps(result))
