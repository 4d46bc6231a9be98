using OpenQA.Selenium;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Invoices;
using PaymentRecords.IntegrationTests.Swagger;
using static PaymentRecords.IntegrationTests.Dashboard.DashboardBrowser;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>The page a finalized invoice's <c>hosted_invoice_url</c> opens, as the customer sees it in Debian's headless Chromium.</summary>
[Collection(ServerCollection.Name)]
public sealed class HostedInvoiceBrowserTests(ServerFixture fixture)
{
    [ChromiumFact]
    public async Task The_customer_opens_the_hosted_invoice_url_and_sees_what_is_due()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync(("name", "Grace Hopper"), ("email", "grace@example.com"));
        var invoice = await kit.DraftAsync(customer, ("collection_method", "send_invoice"), ("days_until_due", "14"));
        await kit.ItemAsync(customer, invoice, ("amount", "4200"), ("description", "Compiler support"));
        var open = await kit.FinalizeAsync(invoice);

        using var browser = Chromium.Start();
        browser.Navigate().GoToUrl(Str(open["hosted_invoice_url"]));
        var summary = Until(browser, d => d.FindElements(By.Id("invoice-summary")).FirstOrDefault());
        Assert.StartsWith("42.00 USD due by ", summary.Text);
        Assert.Equal("Invoice " + Str(open["number"]), browser.Title);
        var lines = browser.FindElement(By.Id("invoice-lines")).Text;
        Assert.Contains("Compiler support", lines);
        Assert.Contains("Grace Hopper", browser.FindElement(By.Id("invoice-details")).Text);
        Assert.Equal(Str(open["invoice_pdf"]), browser.FindElement(By.Id("invoice-pdf")).GetAttribute("href"));
        Check(browser, "hosted-invoice");
    }
}
