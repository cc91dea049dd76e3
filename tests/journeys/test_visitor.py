"""A visitor without an account: the home page in the browser's language, the news, the partner
network, the programme and its modules, and a certificate's number checked on the verify
page (a valid one and a revoked one, as a visitor would read them off a certificate)."""

from atmp_platform.home.demo import content


def test_a_visitor_reads_news_partners_the_programme_and_checks_certificates(journey_for, lang):
    journey = journey_for("visitor")
    page = journey.page
    _ = journey._

    # The browser's language decides where the site's root leads.
    journey.visit("/")
    assert page.url.endswith(f"/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert content.HOME[lang]["hero_title"] in page.locator("h1").inner_text()
    journey.shot("home", key=True)

    navigation = page.locator("#main-nav")
    journey.follow(navigation.get_by_role("link", name=content.NEWS_INDEX[lang]["title"]))
    assert content.NEWS_INDEX[lang]["introduction"] in page.locator("main").inner_text()
    journey.shot("news")
    first_item = page.locator("main article a, main .news-card a").first
    title = first_item.inner_text().strip()
    journey.follow(first_item)
    assert title.splitlines()[0] in page.locator("h1").inner_text()
    journey.shot("news-item")

    journey.follow(navigation.get_by_role("link", name=content.PARTNER_INDEX[lang]["title"]))
    assert content.PARTNER_INDEX[lang]["introduction"] in page.locator("main").inner_text()
    journey.shot("partners")
    partner = page.locator("main .partner-card a").first
    partner_name = partner.inner_text().strip().splitlines()[0]
    journey.follow(partner)
    assert partner_name in page.locator("h1").inner_text()
    journey.shot("partner")

    journey.follow(navigation.get_by_role("link").first)
    # The list of modules keeps its distance from the programme's text above it.
    gap = page.locator("section.curriculum__modules").evaluate(
        "section => section.getBoundingClientRect().top"
        " - section.previousElementSibling.getBoundingClientRect().bottom"
    )
    assert gap >= 24, f"The modules' heading is {gap} px below the text before it."
    journey.shot("programme")
    module = page.locator("main .module-card a").first
    module_title = module.inner_text().strip().splitlines()[0]
    journey.follow(module)
    assert module_title in page.locator("h1").inner_text()
    journey.shot("module")

    certificates = journey.server.facts["certificates"]
    journey.visit(journey.path("/verify/"))
    page.get_by_label(_("Certificate number")).fill(certificates["valid"])
    journey.submit(page.locator(".verify-number-form [type=submit]"))
    assert _("This certificate is valid.") in page.get_by_role("status").inner_text()
    journey.shot("certificate-valid")

    journey.visit(journey.path("/verify/"))
    page.get_by_label(_("Certificate number")).fill(certificates["revoked"])
    journey.submit(page.locator(".verify-number-form [type=submit]"))
    assert _("This certificate has been revoked.") in page.get_by_role("status").inner_text()
    journey.shot("certificate-revoked")
    journey.finish()
