using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using static PaymentRecords.IntegrationTests.Dashboard.DashboardBrowser;
using OpenQA.Selenium.Support.UI;
using PaymentRecords.IntegrationTests.CreditNotes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentRecords;
using PaymentRecords.IntegrationTests.Subscriptions;
using PaymentRecords.IntegrationTests.Swagger;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>
/// The detail pages in Debian's headless Chromium: each one opened from a link a person would follow, screenshotted,
/// and checked by axe-core (0 serious or critical violations), as DashboardBrowserTests does for the first pages.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardPagesBrowserTests(ServerFixture fixture)
{

    [ChromiumFact]
    public async Task Payment_record_subscription_customer_credit_note_and_webhook_endpoint_pages_pass_axe_and_link_each_other()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (customer, invoice, record) = await kit.PaidByRecordAsync(4000, refunded: 1200, refundGroup: "dash-browser");
        var note = (await kit.IssueAsync([("invoice", invoice), .. CreditNoteKit.Cite(0, record, "dash-browser")]))["id"]!.GetValue<string>();
        var subs = new SubscriptionKit(kit.Client);
        var (subCustomer, pm) = await subs.CustomerAsync();
        var created = (await subs.CreateAsync(subCustomer, await subs.PriceAsync())).AssertOk().Body;
        var sub = SubscriptionKit.Str(created["id"]);
        (await subs.AttachAsync(SubscriptionKit.Str(created["latest_invoice"]!["id"]), await subs.ReportAsync(subCustomer, pm, 2500))).AssertOk();
        var endpoint = (await kit.Client.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/browser"), ("enabled_events[]", "invoice.paid"))).AssertOk().Id;

        using var browser = Chromium.Start();
        try
        {
            browser.Navigate().GoToUrl(new Uri(fixture.Server.BaseAddress, "/dashboard"));
            Until(browser, d => d.FindElements(By.Id("key")).FirstOrDefault()).SendKeys(kit.Client.ApiKey);
            browser.FindElement(By.CssSelector("form[action='/dashboard/login'] button[type=submit]")).Click();
            Until(browser, d => d.FindElements(By.CssSelector("h1")).FirstOrDefault(h => h.Text == "Invoices"));

            Follow(browser, "/dashboard/payment_records", record);
            Assert.Contains("28.00 USD", browser.FindElement(By.CssSelector("#record-amounts td[data-field='refundable']")).Text);
            Check(browser, "dashboard-payment-record");
            Follow(browser, null, invoice);
            Assert.Contains("1: guaranteed", browser.FindElement(By.Id("invoice-payments")).Text);
            Check(browser, "dashboard-invoice-with-events");
            Follow(browser, null, note);
            Check(browser, "dashboard-credit-note");
            Follow(browser, null, customer);
            Check(browser, "dashboard-customer");
            Follow(browser, "/dashboard/subscriptions", sub);
            Assert.Equal("active", browser.FindElement(By.Id("subscription-status")).Text);
            Check(browser, "dashboard-subscription");
            Follow(browser, "/dashboard/webhook_endpoints", endpoint);
            Check(browser, "dashboard-webhook-endpoint");
            Follow(browser, "/dashboard/payment_records", null);
            Check(browser, "dashboard-payment-records");
        }
        catch
        {
            Screenshot(browser, "dashboard-pages-failure");
            throw;
        }
    }

    /// <summary>Opens <paramref name="list"/> (or stays on the current page) and clicks the link to <paramref name="id"/>'s page.</summary>
    private void Follow(ChromeDriver browser, string? list, string? id)
    {
        if (list is not null)
        {
            browser.Navigate().GoToUrl(new Uri(fixture.Server.BaseAddress, list));
            Until(browser, d => d.FindElements(By.CssSelector("main table")).FirstOrDefault());
        }
        if (id is null) return;
        Until(browser, d => d.FindElements(By.CssSelector($"main a[href$='/{id}']")).FirstOrDefault()).Click();
        Until(browser, d => d.FindElements(By.CssSelector("h1 code")).FirstOrDefault(h => h.Text == id));
    }
}
