using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Swagger;
using Stripe;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard used the way a person uses it, in Debian's headless Chromium against the real server: objects made
/// with Stripe.net, then sign in with the key, find the invoice, see it paid by the payment record and refunded by
/// the credit note, log out. Every page is screenshotted and checked by axe-core (0 serious or critical violations).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardBrowserTests(ServerFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DateTime At = new(2025, 10, 29, 12, 0, 0, DateTimeKind.Utc);

    private sealed record Seeded(string Key, string Customer, string Invoice, string Record, string CreditNote);

    /// <summary>Customer, invoice of 40.00 USD finalized, a guaranteed payment record attached, 12.00 refunded by a credit note.</summary>
    private async Task<Seeded> SeedAsync()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "dashboard@example.com", Name = "Dash Board" });
        var invoice = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id });
        await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions
        {
            Customer = customer.Id, Invoice = invoice.Id, Amount = 4000, Currency = "usd", Description = "Consulting",
        });
        invoice = await client.V1.Invoices.FinalizeInvoiceAsync(invoice.Id);
        var record = await client.V1.PaymentRecords.ReportPaymentAsync(Sdk.StripeNetCreditNoteTests.GuaranteedWire(customer.Id, 4000));
        invoice = await client.V1.Invoices.AttachPaymentAsync(invoice.Id, new InvoiceAttachPaymentOptions { PaymentRecord = record.Id });
        Assert.Equal("paid", invoice.Status);
        var group = "dash-refund-" + record.Id;
        await client.V1.PaymentRecords.ReportRefundAsync(record.Id, new PaymentRecordReportRefundOptions
        {
            Outcome = "refunded",
            Amount = new PaymentRecordAmountOptions { Currency = "usd", Value = 1200 },
            ProcessorDetails = new PaymentRecordProcessorDetailsOptions
            {
                Type = "custom",
                Custom = new PaymentRecordProcessorDetailsCustomOptions { RefundReference = group },
            },
            Refunded = new PaymentRecordRefundedOptions { RefundedAt = At.AddDays(1) },
        });
        var note = await client.V1.CreditNotes.CreateAsync(new CreditNoteCreateOptions
        {
            Invoice = invoice.Id,
            Refunds =
            [
                new CreditNoteRefundOptions
                {
                    Type = "payment_record_refund",
                    PaymentRecordRefund = new CreditNoteRefundPaymentRecordRefundOptions { PaymentRecord = record.Id, RefundGroup = group },
                },
            ],
        });
        return new Seeded(key, customer.Id, invoice.Id, record.Id, note.Id);
    }

    [ChromiumFact]
    public async Task Sign_in_find_the_invoice_and_see_it_paid_by_the_payment_record_and_refunded_by_the_credit_note()
    {
        var seeded = await SeedAsync();
        using var browser = Chromium.Start();
        try
        {
            browser.Navigate().GoToUrl(new Uri(fixture.Server.BaseAddress, "/dashboard"));
            var keyInput = Until(browser, d => d.FindElements(By.Id("key")).FirstOrDefault());
            Check(browser, "dashboard-sign-in");
            keyInput.SendKeys(seeded.Key);
            browser.FindElement(By.CssSelector("form[action='/dashboard/login'] button[type=submit]")).Click();

            Until(browser, d => d.FindElements(By.CssSelector("h1")).FirstOrDefault(h => h.Text == "Invoices"));
            Assert.Contains(seeded.Invoice, browser.FindElement(By.TagName("main")).Text);
            Check(browser, "dashboard-invoices");

            var search = browser.FindElement(By.Id("q"));
            search.SendKeys(seeded.Invoice);
            search.Submit();
            // The unfiltered list links the invoice too: wait for the search's own page first.
            var link = Until(browser, d => d.Url.Contains("?q=", StringComparison.Ordinal)
                ? d.FindElements(By.CssSelector($"a[href='/dashboard/invoices/{seeded.Invoice}']")).FirstOrDefault() : null);
            Assert.Single(browser.FindElements(By.CssSelector("main tbody tr")));
            link.Click();

            var status = Until(browser, d => d.FindElements(By.Id("invoice-status")).FirstOrDefault());
            Assert.Equal("paid", status.Text);
            var payments = browser.FindElement(By.Id("invoice-payments")).Text;
            Assert.Contains(seeded.Record, payments);
            Assert.Contains("40.00 USD", payments);
            var notes = browser.FindElement(By.Id("credit-notes")).Text;
            Assert.Contains(seeded.CreditNote, notes);
            Assert.Contains("12.00 USD refunded to " + seeded.Record, notes);
            Assert.Equal("12.00 USD", browser.FindElement(By.CssSelector("#totals td[data-field='post_payment_credit_notes_amount']")).Text);
            // Times: the page's script rewrote the text into the viewer's zone; the UTC value stays on hover.
            var paidAt = browser.FindElement(By.CssSelector("#status-transitions td[data-field='paid_at'] time"));
            Assert.EndsWith(" UTC", paidAt.GetDomAttribute("title"));
            Assert.NotEqual(paidAt.GetDomAttribute("title"), paidAt.Text);
            Check(browser, "dashboard-invoice");

            foreach (var list in new[] { "customers", "credit_notes", "events" })
            {
                browser.Navigate().GoToUrl(new Uri(fixture.Server.BaseAddress, "/dashboard/" + list));
                var main = Until(browser, d => d.FindElements(By.CssSelector("main table")).FirstOrDefault());
                Assert.Contains(list switch { "customers" => seeded.Customer, "credit_notes" => seeded.CreditNote, _ => seeded.Invoice }, main.Text);
                Check(browser, "dashboard-" + list);
            }

            browser.FindElement(By.CssSelector("form[action='/dashboard/logout'] button")).Click();
            Until(browser, d => d.FindElements(By.Id("key")).FirstOrDefault());
            browser.Navigate().GoToUrl(new Uri(fixture.Server.BaseAddress, $"/dashboard/invoices/{seeded.Invoice}"));
            Until(browser, d => d.FindElements(By.Id("key")).FirstOrDefault());
        }
        catch
        {
            Screenshot(browser, "dashboard-failure");
            throw;
        }
    }

    /// <summary>Screenshot of the page, then axe-core in the page: no serious or critical violation.</summary>
    private static void Check(ChromeDriver browser, string name)
    {
        Screenshot(browser, name);
        var violations = Axe.Violations(browser);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"{name}: " + string.Join("; ", blocking.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({v.Targets})")));
    }

    /// <summary>Waits for <paramref name="condition"/>; an element of the page being left (stale) just means "not yet".</summary>
    private static T Until<T>(ChromeDriver browser, Func<IWebDriver, T?> condition) where T : class
    {
        var wait = new WebDriverWait(browser, Wait);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        return wait.Until(d => condition(d))!;
    }

    private static void Screenshot(ChromeDriver browser, string name)
    {
        try
        {
            browser.GetScreenshot().SaveAsFile(Path.Combine(Chromium.ScreenshotDirectory(), name + ".png"));
        }
        catch (Exception e) when (e is WebDriverException or IOException or UnauthorizedAccessException)
        {
            // A screenshot is a help, never the reason a test fails.
        }
    }
}

/// <summary>axe-core run in the page: its script comes embedded in Deque.AxeCore.Commons (nothing is downloaded).</summary>
public static class Axe
{
    public sealed record Violation(string Id, string? Impact, string Help, string Targets);

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(Deque.AxeCore.Commons.AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not embedded in Deque.AxeCore.Commons.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static List<Violation> Violations(ChromeDriver browser)
    {
        browser.ExecuteScript(Script.Value);
        var json = (string?)browser.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.map(n => n.target.join(' ')).join(', ') })))))
              .catch(e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), targets: '' }])));
            """);
        return JsonNode.Parse(json ?? "[]")!.AsArray().Select(v => new Violation(v!["id"]!.GetValue<string>(), v["impact"]?.GetValue<string>(),
            v["help"]!.GetValue<string>(), v["targets"]!.GetValue<string>())).ToList();
    }
}
