using System.Text.Json.Nodes;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.InvoicePayments;

namespace PaymentRecords.IntegrationTests.Swagger;

/// <summary>
/// Swagger UI used the way a person uses it, in real headless Chromium against the real server: Authorize with a
/// test key, open attach_payment, Try it out, fill only what is needed, Execute, read the answer.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SwaggerUiBrowserTests(ServerFixture fixture)
{
    private const string AttachPath = "/v1/invoices/{invoice}/attach_payment";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [ChromiumFact]
    public async Task Attach_payment_executes_from_Swagger_UI_with_only_invoice_payment_record_and_expand_filled()
    {
        var key = ServerFixture.NewKey();
        var kit = new PaymentKit(fixture.Client(key));
        var (customer, invoice) = await kit.Invoices.OpenInvoiceAsync(1000);
        var record = await kit.RecordAsync(1000, customer: customer);

        using var browser = Chromium.Start();
        try
        {
            browser.Navigate().GoToUrl(new Uri(fixture.Server.BaseAddress, "/swagger/index.html"));
            var operation = Until(browser, d => d.FindElements(By.CssSelector("div.opblock[id$='-PostInvoicesInvoiceAttachPayment']")).FirstOrDefault());
            Assert.Equal(AttachPath, operation.FindElement(By.CssSelector(".opblock-summary-path")).GetDomAttribute("data-path"));

            Authorize(browser, key);

            Click(browser, operation.FindElement(By.CssSelector(".opblock-summary-control")));
            Click(browser, Until(browser, _ => operation.FindElements(By.CssSelector(".try-out__btn")).FirstOrDefault(b => b.Displayed)));
            Until(browser, _ => operation.FindElements(By.CssSelector("button.execute")).FirstOrDefault(b => b.Displayed));

            // Stripe's own text, from the spec, for the operation and for its fields.
            var spec = StripeSpec.Document["paths"]![AttachPath]!["post"]!;
            var description = operation.FindElement(By.CssSelector(".opblock-description-wrapper")).Text;
            var firstLine = spec["description"]!.GetValue<string>().Split('\n')[0];
            Assert.Contains(firstLine, description);
            var properties = spec["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!["properties"]!;
            Assert.Contains(properties["payment_record"]!["description"]!.GetValue<string>(), Row(operation, "payment_record").Text);
            Assert.Contains(properties["expand"]!["description"]!.GetValue<string>(), Row(operation, "expand[]").Text);

            // Every field starts empty: no "string" placeholder value, no preselected enum, no list item, nothing
            // ticked to be sent empty.
            var inputs = operation.FindElements(By.CssSelector("input:not([type=checkbox]):not([type=file]), textarea"));
            Assert.NotEmpty(inputs);
            Assert.All(inputs, i => Assert.Equal("", i.GetDomProperty("value")));
            Assert.Empty(Row(operation, "expand[]").FindElements(By.CssSelector(".json-schema-form-item")));
            Assert.All(operation.FindElements(By.CssSelector("input[type=checkbox]")), c => Assert.False(c.Selected));

            Type(browser, operation.FindElement(By.CssSelector("tr[data-param-name='invoice'][data-param-in='path'] input")), invoice);
            Type(browser, Row(operation, "payment_record").FindElement(By.CssSelector("input")), record);
            var expand = Row(operation, "expand[]");
            Click(browser, expand.FindElement(By.CssSelector("button.json-schema-form-item-add")));
            Type(browser, Until(browser, _ => expand.FindElements(By.CssSelector(".json-schema-form-item input")).FirstOrDefault()), "payments");

            Click(browser, operation.FindElement(By.CssSelector("button.execute")));
            var status = Until(browser, _ => operation.FindElements(By.CssSelector(".live-responses-table tbody .response-col_status")).FirstOrDefault());
            var curl = operation.FindElement(By.CssSelector(".curl-command")).GetDomProperty("textContent") ?? "";
            var raw = operation.FindElement(By.CssSelector(".live-responses-table tbody .response-col_description .highlight-code pre")).GetDomProperty("textContent") ?? "";
            Screenshot(browser, operation, "swagger-attach_payment.png");

            Assert.True(status.Text.Trim() == "200", $"Swagger UI shows {status.Text}: {raw}\n{curl}");
            // Only what was filled in is sent: the empty payment_intent field is left out, not sent as "".
            Assert.Contains("Authorization: Bearer " + key, curl);
            Assert.Contains("expand%5B%5D=payments", curl);
            Assert.Contains("payment_record=" + record, curl);
            Assert.DoesNotContain("payment_intent", curl);
            Assert.DoesNotContain("=string", curl);

            var paid = JsonNode.Parse(raw)!;
            Assert.Equal(invoice, paid["id"]!.GetValue<string>());
            PaymentKit.AssertInvoice(paid, paid: 1000, remaining: 0, overpaid: 0, status: "paid");
            var payment = Assert.Single(paid["payments"]!["data"]!.AsArray())!;
            Assert.Equal("invoice_payment", payment["object"]!.GetValue<string>());
            Assert.Equal(record, payment["payment"]!["payment_record"]!.GetValue<string>());
        }
        catch
        {
            Screenshot(browser, null, "swagger-attach_payment-failure.png");
            throw;
        }

        PaymentKit.AssertInvoice(await kit.InvoiceWithPaymentsAsync(invoice), paid: 1000, remaining: 0, overpaid: 0, status: "paid");
    }

    private static void Authorize(ChromeDriver browser, string key)
    {
        Click(browser, Until(browser, d => d.FindElements(By.CssSelector(".auth-wrapper button.authorize")).FirstOrDefault()));
        var modal = Until(browser, d => d.FindElements(By.CssSelector(".modal-ux")).FirstOrDefault(m => m.Displayed));
        Type(browser, modal.FindElement(By.CssSelector("#auth-bearer-value")), key);
        Click(browser, modal.FindElement(By.CssSelector(".auth-btn-wrapper button.authorize")));
        Click(browser, Until(browser, _ => modal.FindElements(By.CssSelector(".auth-btn-wrapper button.btn-done")).FirstOrDefault()));
        Until(browser, d => d.FindElements(By.CssSelector(".modal-ux")).Count == 0 ? (object)true : null);
        Assert.NotEmpty(browser.FindElements(By.CssSelector(".auth-wrapper button.authorize.locked")));
    }

    private static IWebElement Row(IWebElement operation, string property) =>
        operation.FindElement(By.CssSelector($"tr[data-property-name='{property}']"));

    private static void Click(ChromeDriver browser, IWebElement element)
    {
        browser.ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.Click();
    }

    private static void Type(ChromeDriver browser, IWebElement input, string text)
    {
        browser.ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", input);
        input.SendKeys(text);
        // Swagger UI debounces its inputs (300 ms) and commits on blur: leave the field so the value is taken at once,
        // not after an Execute click that came sooner (seen under CI load).
        input.SendKeys(Keys.Tab);
        Assert.Equal(text, input.GetDomProperty("value"));
    }

    private static T Until<T>(ChromeDriver browser, Func<IWebDriver, T?> condition) where T : class =>
        new WebDriverWait(browser, Wait).Until(d => condition(d))!;

    /// <summary>Saved under <see cref="Chromium.ScreenshotDirectory"/>, the operation scrolled into view.</summary>
    private static void Screenshot(ChromeDriver browser, IWebElement? scrollTo, string name)
    {
        try
        {
            if (scrollTo is not null) browser.ExecuteScript("arguments[0].scrollIntoView({block: 'start'});", scrollTo);
            browser.GetScreenshot().SaveAsFile(Path.Combine(Chromium.ScreenshotDirectory(), name));
        }
        catch (Exception e) when (e is WebDriverException or IOException or UnauthorizedAccessException)
        {
            // A screenshot is a help, never the reason a test fails.
        }
    }
}
