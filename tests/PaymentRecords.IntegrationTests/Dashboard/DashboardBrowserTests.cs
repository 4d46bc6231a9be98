using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using static PaymentRecords.IntegrationTests.Dashboard.DashboardBrowser;
using OpenQA.Selenium.Support.UI;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Swagger;
using PaymentRecords.IntegrationTests.Webhooks;
using Stripe;
using Stripe.TestHelpers;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard used the way a person uses it, in Debian's headless Chromium against the real server: objects made
/// with Stripe.net, then sign in with the key, find the invoice, see it paid by the payment record and refunded by
/// the credit note, open the invoice.paid event and see its webhook delivery to a real local receiver, Resend it and
/// see the new attempt, advance a test clock with the date picker past a subscription's period end and see
/// <c>advancing</c>, then <c>ready</c> and the renewal invoice, log out. Every page is screenshotted and checked by
/// axe-core (0 serious or critical violations).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardBrowserTests(ServerFixture fixture)
{
    private static readonly DateTime At = new(2025, 10, 29, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The viewer's zone the browser is given (not UTC, so "in the viewer's zone" is visible in what is asserted).</summary>
    private const string ViewerZone = "Asia/Tokyo";
    private static readonly DateTime ClockStart = new(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc);

    private sealed record Seeded(string Key, string Customer, string Invoice, string Record, string CreditNote, string WebhookEndpoint,
        string WebhookUrl, string Clock, string Subscription, string FirstSubscriptionInvoice);

    /// <summary>
    /// A webhook endpoint for invoice.paid on <paramref name="receiver"/>; customer, invoice of 40.00 USD finalized, a
    /// guaranteed payment record attached, 12.00 refunded by a credit note; and a test clock with a customer on a monthly
    /// subscription whose first invoice is paid out of band by a custom payment method.
    /// </summary>
    private async Task<Seeded> SeedAsync(WebhookReceiver receiver)
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var webhookUrl = receiver.NewUrl("dashboard");
        var endpoint = await client.V1.WebhookEndpoints.CreateAsync(new WebhookEndpointCreateOptions { Url = webhookUrl, EnabledEvents = ["invoice.paid"] });
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
        var (clock, subscription, first) = await SeedClockAsync(client);
        return new Seeded(key, customer.Id, invoice.Id, record.Id, note.Id, endpoint.Id, webhookUrl, clock, subscription, first);
    }

    private static async Task<(string Clock, string Subscription, string FirstInvoice)> SeedClockAsync(StripeClient client)
    {
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Dashboard plan" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 2500, Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var clock = await client.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = ClockStart, Name = "Dashboard clock" });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { TestClock = clock.Id, Email = "clock@example.com" });
        var pm = await client.V1.PaymentMethods.CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "custom", Custom = new PaymentMethodCustomOptions { Type = "cpmt_dashboard" },
        });
        await client.V1.PaymentMethods.AttachAsync(pm.Id, new PaymentMethodAttachOptions { Customer = customer.Id });
        var subscription = await client.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id, Items = [new SubscriptionItemOptions { Price = price.Id }], DefaultPaymentMethod = pm.Id,
            PaymentBehavior = "default_incomplete",
        });
        var paid = await client.V1.PaymentRecords.ReportPaymentAsync(Sdk.StripeNetTestClockTests.Report(pm.Id, customer.Id, guaranteed: true));
        await client.V1.Invoices.AttachPaymentAsync(subscription.LatestInvoiceId, new InvoiceAttachPaymentOptions { PaymentRecord = paid.Id });
        Assert.Equal("active", (await client.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        return (clock.Id, subscription.Id, subscription.LatestInvoiceId);
    }

    [ChromiumFact]
    public async Task Sign_in_see_the_invoice_paid_and_refunded_resend_its_webhook_and_advance_a_clock_to_the_renewal()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var seeded = await SeedAsync(receiver);
        using var browser = Chromium.Start();
        try
        {
            browser.ExecuteCdpCommand("Emulation.setTimezoneOverride", new Dictionary<string, object?> { ["timezoneId"] = ViewerZone });
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

            ResendTheInvoicePaidEvent(browser, seeded, receiver);
            await AdvanceTheClockPastTheRenewalAsync(browser, seeded);

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

    /// <summary>
    /// From the events list to the invoice.paid event's page: its delivery to the receiver (answered 200), then Resend
    /// and the new attempt on the page it comes back to.
    /// </summary>
    private void ResendTheInvoicePaidEvent(ChromeDriver browser, Seeded seeded, WebhookReceiver receiver)
    {
        receiver.WaitForAsync(seeded.WebhookUrl, 1).GetAwaiter().GetResult();
        browser.Navigate().GoToUrl(new Uri(fixture.Server.BaseAddress, "/dashboard/events"));
        // The subscription's first invoice was paid too: the row of the seeded invoice's event.
        var row = Until(browser, d => d.FindElements(By.CssSelector("main tbody tr")).FirstOrDefault(r =>
            r.Text.Contains("invoice.paid", StringComparison.Ordinal) && r.Text.Contains(seeded.Invoice, StringComparison.Ordinal)));
        var link = row.FindElement(By.CssSelector("a[href^='/dashboard/events/']"));
        var eventId = link.Text;
        link.Click();

        Until(browser, d => d.FindElements(By.Id("event-type")).FirstOrDefault(e => e.Text == "invoice.paid"));
        Assert.Equal(seeded.Invoice, browser.FindElement(By.CssSelector($"main a[href='/dashboard/invoices/{seeded.Invoice}']")).Text);
        Assert.Contains("\"type\": \"invoice.paid\"", browser.FindElement(By.Id("event-json")).Text);
        // The first delivery is the dispatcher's: the page follows it until its attempt is recorded.
        Until(browser, d => AttemptRows(d).Count == 1 ? AttemptRows(d)[0] : null);
        var first = AttemptRows(browser)[0].Text;
        Assert.Contains(seeded.WebhookEndpoint, first);
        Assert.Contains("200", first);
        Assert.Contains("automatic", first);
        Check(browser, "dashboard-event");

        browser.FindElement(By.CssSelector($"button[aria-label='Resend to {seeded.WebhookEndpoint}']")).Click();
        Until(browser, d => AttemptRows(d).Count == 2 ? AttemptRows(d)[1] : null);
        var resent = AttemptRows(browser)[1].Text;
        Assert.Contains("resend", resent);
        Assert.Contains("200", resent);
        Assert.Equal(2, receiver.For(seeded.WebhookUrl).Count(r => r.EventId == eventId));
        Check(browser, "dashboard-event-resent");
    }

    private static List<IWebElement> AttemptRows(IWebDriver browser) => [.. browser.FindElements(By.CssSelector("#attempts tbody tr"))];

    /// <summary>
    /// From the test clocks list to the clock's page; the picker (shown in the viewer's zone) set to two hours past the
    /// subscription's first period end, Advance: the page says advancing, follows the clock to ready, and the
    /// subscription's latest invoice is the renewal.
    /// </summary>
    private async Task AdvanceTheClockPastTheRenewalAsync(ChromeDriver browser, Seeded seeded)
    {
        browser.Navigate().GoToUrl(new Uri(fixture.Server.BaseAddress, "/dashboard/test_clocks"));
        var clockLink = Until(browser, d => d.FindElements(By.CssSelector($"a[href='/dashboard/test_clocks/{seeded.Clock}']")).FirstOrDefault());
        Check(browser, "dashboard-test_clocks");
        clockLink.Click();
        var picker = Until(browser, d => d.FindElements(By.Id("advance-to")).FirstOrDefault());
        Assert.Equal("ready", browser.FindElement(By.Id("clock-status")).Text);
        var subscriptions = browser.FindElement(By.Id("clock-subscriptions")).Text;
        Assert.Contains(seeded.Subscription, subscriptions);
        Assert.Contains(seeded.FirstSubscriptionInvoice, subscriptions);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(ViewerZone);
        string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Local(ClockStart.AddDays(1)), picker.GetDomProperty("value")); // a day after the frozen time, in Tokyo
        Check(browser, "dashboard-test-clock");

        // The period ends on Feb 28 (a month after Jan 31): two hours past it, picked as Tokyo's wall time.
        var target = ClockStart.AddMonths(1).AddHours(2);
        browser.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", picker, Local(target));
        browser.FindElement(By.CssSelector("#advance-form button[type=submit]")).Click();
        Until(browser, d => d.FindElements(By.Id("clock-status")).FirstOrDefault(e => e.Text == "advancing"));
        Check(browser, "dashboard-test-clock-advancing");
        Until(browser, d => d.FindElements(By.Id("clock-status")).FirstOrDefault(e => e.Text == "ready"));
        Assert.Equal(new DateTimeOffset(target).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            browser.FindElement(By.Id("clock-frozen-time")).GetDomAttribute("data-unix"));
        // The subscription's latest invoice is now another one: the renewal, as the API says.
        var renewal = Until(browser, d => d.FindElements(By.CssSelector("#clock-subscriptions a[href^='/dashboard/invoices/']"))
            .FirstOrDefault(a => a.Text != seeded.FirstSubscriptionInvoice));
        var client = new StripeClient(seeded.Key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var renewed = await client.V1.Invoices.GetAsync(renewal.Text);
        Assert.Equal((seeded.Subscription, "subscription_cycle"), (renewed.Parent.SubscriptionDetails.SubscriptionId, renewed.BillingReason));
        Assert.EndsWith("/dashboard/test_clocks/" + seeded.Clock, browser.Url); // the answer to the POST put the page's own address in the history
        Check(browser, "dashboard-test-clock-ready");
        renewal.Click();
        Assert.Equal(renewed.Status, Until(browser, d => d.FindElements(By.Id("invoice-status")).FirstOrDefault()).Text);
        Check(browser, "dashboard-renewal-invoice");
    }
}

/// <summary>What each dashboard browser test does on a page: a screenshot, axe-core, and waiting without flakiness.</summary>
public static class DashboardBrowser
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>A screenshot of the page, then axe-core: no serious or critical violation.</summary>
    public static void Check(ChromeDriver browser, string name)
    {
        Screenshot(browser, name);
        var blocking = Axe.Violations(browser).Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"{name}: " + string.Join("; ", blocking.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({v.Targets})")));
    }

    /// <summary>
    /// Waits for <paramref name="condition"/>; an element of the page being left (stale) just means "not yet". While a
    /// navigation replaces the document, ChromeDriver can report such an element as an unknown error ("Node with given
    /// id does not belong to the document") instead of a stale one: that means "not yet" too.
    /// </summary>
    public static T Until<T>(ChromeDriver browser, Func<IWebDriver, T?> condition) where T : class
    {
        var wait = new WebDriverWait(browser, Wait);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        return wait.Until(d =>
        {
            try
            {
                return condition(d);
            }
            catch (UnknownErrorException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal))
            {
                return null;
            }
        })!;
    }

    public static void Screenshot(ChromeDriver browser, string name)
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
