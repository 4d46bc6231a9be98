using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.CreditNotes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentRecords;
using PaymentRecords.IntegrationTests.Subscriptions;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>
/// The detail pages beside the invoice page (payment record, subscription, customer, credit note, webhook endpoint) and
/// the payment records list, over real HTTP: each value shown is the API's JSON for the same object; another key sees none.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardPageTests(ServerFixture fixture)
{
    private DashboardClient Browser() => new(fixture.Server.BaseAddress);

    private static string MoneyField(string field, long minor) => $"data-field=\"{field}\"><span class=\"money\" data-minor=\"{minor}\">";

    private static long Value(JsonNode? amount) => amount!["value"]!.GetValue<long>();

    /// <summary>A record whose first attempt failed and second was guaranteed, attached to an invoice, with a refund reported.</summary>
    private static async Task<(string Customer, string Invoice, string Record)> RetriedRecordAsync(CreditNoteKit kit, long amount, long refunded)
    {
        var (customer, invoice) = await kit.OpenInvoiceAsync(amount);
        var record = (await Reports.ReportAsync(kit.Client, Reports.Payment(amount, "usd", ("customer_details[customer]", customer)))).Id;
        (await Reports.OutcomeAsync(kit.Client, record, "failed")).AssertOk();
        (await kit.Client.PostAsync($"/v1/payment_records/{record}/report_payment_attempt", ("initiated_at", "1730000200"))).AssertOk();
        (await Reports.OutcomeAsync(kit.Client, record, "guaranteed")).AssertOk();
        await kit.AttachAsync(invoice, record);
        await kit.ReportRefundAsync(record, "dash-retried-" + record, refunded);
        return (customer, invoice, record);
    }

    [Fact]
    public async Task Payment_records_list_shows_the_accounts_records_newest_first_links_each_page_and_search_finds_one_by_id()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var older = (await Reports.ReportAsync(kit.Client, Reports.Guaranteed(1500))).Id;
        var newer = (await Reports.ReportAsync(kit.Client, Reports.Guaranteed(2500))).Id;
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (status, html, _) = await browser.GetAsync("/dashboard/payment_records");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"href=\"/dashboard/payment_records/{newer}\"", html);
        Assert.True(html.IndexOf(newer, StringComparison.Ordinal) < html.IndexOf(older, StringComparison.Ordinal), "newest first");
        Assert.Contains("25.00 USD", html);
        Assert.Contains("href=\"/dashboard/payment_records\"", html); // the nav

        var (_, found, _) = await browser.GetAsync($"/dashboard/payment_records?q={older}");
        Assert.Contains(older, found);
        Assert.DoesNotContain(newer, found);
        Assert.Contains("No payment records with id prec_missing", (await browser.GetAsync("/dashboard/payment_records?q=prec_missing")).Html);
    }

    [Fact]
    public async Task Payment_records_list_pages_forward_and_back_by_keyset()
    {
        var client = fixture.Client();
        var ids = new List<string>();
        for (var i = 0; i < Api.Dashboard.DashboardApi.PageSize + 2; i++) ids.Add((await Reports.ReportAsync(client, Reports.Guaranteed(100 + i))).Id);
        ids.Reverse();
        using var browser = Browser();
        await browser.LogInAsync(client.ApiKey);

        var (_, first, _) = await browser.GetAsync("/dashboard/payment_records");
        Assert.All(ids.Take(Api.Dashboard.DashboardApi.PageSize), id => Assert.Contains(id, first));
        Assert.DoesNotContain(ids[Api.Dashboard.DashboardApi.PageSize], first);
        var next = $"/dashboard/payment_records?starting_after={ids[Api.Dashboard.DashboardApi.PageSize - 1]}";
        Assert.Contains($"href=\"{next}\"", first);
        var (_, second, _) = await browser.GetAsync(next);
        Assert.All(ids.Skip(Api.Dashboard.DashboardApi.PageSize), id => Assert.Contains(id, second));
        Assert.DoesNotContain(ids[0], second);
        var (_, back, _) = await browser.GetAsync($"/dashboard/payment_records?ending_before={ids[Api.Dashboard.DashboardApi.PageSize]}");
        Assert.Contains(ids[0], back);
    }

    [Fact]
    public async Task Payment_record_page_shows_the_APIs_amounts_attempts_with_outcomes_refunds_the_invoice_and_what_report_refund_still_accepts()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (customer, invoice, record) = await RetriedRecordAsync(kit, 4000, 1200);
        var api = (await kit.Client.GetAsync($"/v1/payment_records/{record}")).AssertOk().Body;
        var attempts = (await kit.Client.GetAsync("/v1/payment_attempt_records", ("payment_record", record))).AssertOk().Body["data"]!.AsArray();
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (status, html, _) = await browser.GetAsync($"/dashboard/payment_records/{record}");
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var field in new[] { "amount_requested", "amount", "amount_authorized", "amount_guaranteed", "amount_refunded", "amount_canceled", "amount_failed" })
            Assert.Contains(MoneyField(field, Value(api[field])), html);
        Assert.Contains(MoneyField("refundable", 2800), html);
        Assert.Equal(2, attempts.Count);
        foreach (var attempt in attempts)
            Assert.Contains($"<code>{attempt!["id"]!.GetValue<string>()}</code>", html);
        var attemptsHtml = html[html.IndexOf("id=\"attempts\"", StringComparison.Ordinal)..html.IndexOf("id=\"refunds\"", StringComparison.Ordinal)];
        Assert.Contains(">failed<", attemptsHtml);
        Assert.Contains(">guaranteed<", attemptsHtml);
        Assert.Contains($"<code>dash-retried-{record}</code>", html);
        Assert.Contains("12.00 USD", html);
        Assert.Contains($"href=\"/dashboard/invoices/{invoice}\"", html);
        Assert.Contains($"href=\"/dashboard/customers/{customer}\"", html);

        // What the page calls refundable is what report_refund accepts: one more is refused, exactly that much is not.
        var refused = await kit.Client.PostAsync($"/v1/payment_records/{record}/report_refund", Reports.Refund("dash-over", 2801));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        (await kit.Client.PostAsync($"/v1/payment_records/{record}/report_refund", Reports.Refund("dash-all", 2800))).AssertOk();
        Assert.Contains(MoneyField("refundable", 0), (await browser.GetAsync($"/dashboard/payment_records/{record}")).Html);
    }

    [Fact]
    public async Task A_zero_decimal_payment_record_shows_its_amounts_without_minor_digits()
    {
        var client = fixture.Client();
        var record = (await Reports.ReportAsync(client, Reports.Payment(123456, "jpy", ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000100")))).Id;
        using var browser = Browser();
        await browser.LogInAsync(client.ApiKey);
        var (_, html, _) = await browser.GetAsync($"/dashboard/payment_records/{record}");
        Assert.Contains(MoneyField("amount_guaranteed", 123456) + "123,456 JPY</span>", html);
        Assert.Contains(MoneyField("refundable", 123456) + "123,456 JPY</span>", html);
        Assert.DoesNotContain("1,234.56", html);
        Assert.Contains("123,456 JPY", (await browser.GetAsync("/dashboard/payment_records")).Html);
    }

    [Fact]
    public async Task Invoice_page_shows_each_payments_attempts_and_refunds_and_the_invoices_events_linked_to_their_pages()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (_, invoice, record) = await RetriedRecordAsync(kit, 3000, 500);
        var events = (await kit.Client.GetAsync("/v1/events", ("limit", "100"))).AssertOk().Body["data"]!.AsArray()
            .Where(e => e!["data"]!["object"]!["id"]!.GetValue<string>() == invoice).Select(e => e!["id"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(events);
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (_, html, _) = await browser.GetAsync($"/dashboard/invoices/{invoice}");
        var payments = html[html.IndexOf("id=\"invoice-payments\"", StringComparison.Ordinal)..html.IndexOf("id=\"credit-notes\"", StringComparison.Ordinal)];
        Assert.Contains($"href=\"/dashboard/payment_records/{record}\"", payments);
        Assert.Contains("<span data-attempts=\"2\">2: failed, guaranteed</span>", payments);
        Assert.Contains("data-refunds=\"1\"><span class=\"money\" data-minor=\"500\">5.00 USD</span> in 1", payments);
        foreach (var e in events) Assert.Contains($"href=\"/dashboard/events/{e}\"", html);
    }

    [Fact]
    public async Task Subscription_page_shows_items_periods_status_history_invoices_in_order_and_next_renewal()
    {
        var kit = new SubscriptionKit(fixture.Client());
        var price = await kit.PriceAsync(2500);
        var (customer, pm) = await kit.CustomerAsync();
        var created = (await kit.CreateAsync(customer, price, ("items[0][quantity]", "2"))).AssertOk().Body;
        var sub = SubscriptionKit.Str(created["id"]);
        var first = SubscriptionKit.Str(created["latest_invoice"]!["id"]);
        (await kit.AttachAsync(first, await kit.ReportAsync(customer, pm, 5000))).AssertOk();
        var api = await kit.GetAsync(sub);
        Assert.Equal("active", SubscriptionKit.Str(api["status"]));
        var item = api["items"]!["data"]![0]!;
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (status, html, _) = await browser.GetAsync($"/dashboard/subscriptions/{sub}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"subscription-status\">active</span>", html);
        Assert.Contains($"<code>{SubscriptionKit.Str(item["id"])}</code>", html);
        Assert.Contains($"<code>{price}</code>", html);
        var end = DateTimeOffset.FromUnixTimeSeconds(SubscriptionKit.Long(item["current_period_end"])).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        Assert.Contains($"data-field=\"next_renewal\"><time datetime=\"{end}\"", html);
        Assert.Contains($"href=\"/dashboard/invoices/{first}\"", html);
        Assert.Contains($"href=\"/dashboard/customers/{customer}\"", html);
        var history = html[html.IndexOf("id=\"status-history\"", StringComparison.Ordinal)..html.IndexOf("id=\"invoices\"", StringComparison.Ordinal)];
        var incomplete = history.IndexOf("<td class=\"status\">incomplete</td>", StringComparison.Ordinal);
        var active = history.IndexOf("<td>incomplete</td><td class=\"status\">active</td>", StringComparison.Ordinal);
        Assert.True(incomplete >= 0 && active > incomplete, history);

        (await kit.Client.PostAsync($"/v1/subscriptions/{sub}", ("cancel_at_period_end", "true"))).AssertOk();
        Assert.Contains("data-field=\"next_renewal\">none</td>", (await browser.GetAsync($"/dashboard/subscriptions/{sub}")).Html);
        (await kit.Client.DeleteAsync($"/v1/subscriptions/{sub}")).AssertOk();
        var (_, canceled, _) = await browser.GetAsync($"/dashboard/subscriptions/{sub}");
        Assert.Contains("id=\"subscription-status\">canceled</span>", canceled);
        Assert.Contains("<td>active</td><td class=\"status\">canceled</td>", canceled);
        Assert.Contains($"href=\"/dashboard/subscriptions/{sub}\"", (await browser.GetAsync("/dashboard/subscriptions?q=" + sub)).Html);
    }

    [Fact]
    public async Task Customer_page_shows_its_fields_invoices_subscriptions_and_payment_records()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (customer, invoice, record) = await kit.PaidByRecordAsync(1800, refunded: null, refundGroup: null);
        var (other, otherInvoice) = await kit.OpenInvoiceAsync(700);
        var api = (await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body;
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (status, html, _) = await browser.GetAsync($"/dashboard/customers/{customer}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(MoneyField("balance", api["balance"]!.GetValue<long>()), html);
        Assert.Contains($"href=\"/dashboard/invoices/{invoice}\"", html);
        Assert.Contains($"href=\"/dashboard/payment_records/{record}\"", html);
        Assert.DoesNotContain(otherInvoice, html);
        Assert.Contains("No subscriptions.", html);
        Assert.Contains($"href=\"/dashboard/customers/{other}\"", (await browser.GetAsync("/dashboard/customers")).Html);
    }

    [Fact]
    public async Task Credit_note_page_shows_its_amounts_lines_refunds_and_invoice_as_the_API_renders_them()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (_, invoice, record) = await kit.PaidByRecordAsync(4000, refunded: 1200, refundGroup: "dash-note");
        var note = await kit.IssueAsync([("invoice", invoice), .. CreditNoteKit.Cite(0, record, "dash-note")]);
        var id = note["id"]!.GetValue<string>();
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (status, html, _) = await browser.GetAsync($"/dashboard/credit_notes/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var field in new[] { "total", "subtotal", "post_payment_amount", "pre_payment_amount" })
            Assert.Contains(MoneyField(field, note[field]!.GetValue<long>()), html);
        Assert.Contains($"href=\"/dashboard/invoices/{invoice}\"", html);
        Assert.Contains($"href=\"/dashboard/payment_records/{record}\"", html);
        Assert.Contains("<code>dash-note</code>", html);
        foreach (var line in note["lines"]!["data"]!.AsArray()) Assert.Contains($"<code>{line!["id"]!.GetValue<string>()}</code>", html);
        Assert.Contains($"href=\"/dashboard/credit_notes/{id}\"", (await browser.GetAsync("/dashboard/credit_notes")).Html);
        Assert.Contains($"href=\"/dashboard/credit_notes/{id}\"", (await browser.GetAsync($"/dashboard/invoices/{invoice}")).Html);
    }

    [Fact]
    public async Task Webhook_endpoint_page_shows_its_url_status_and_enabled_events()
    {
        var client = fixture.Client();
        var endpoint = (await client.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/dashboard-hook"),
            ("enabled_events[]", "invoice.paid"), ("enabled_events[]", "customer.created"), ("description", "Dashboard hook"))).AssertOk().Body;
        var id = endpoint["id"]!.GetValue<string>();
        using var browser = Browser();
        await browser.LogInAsync(client.ApiKey);

        var (status, html, _) = await browser.GetAsync($"/dashboard/webhook_endpoints/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-field=\"url\"><code>http://127.0.0.1:9/dashboard-hook</code>", html);
        Assert.Contains($"data-field=\"status\"><span class=\"status\">{endpoint["status"]!.GetValue<string>()}</span>", html);
        Assert.Contains("<li><code>invoice.paid</code></li><li><code>customer.created</code></li>", html);
        Assert.Contains("Dashboard hook", html);
        Assert.DoesNotContain("whsec_", html);
        Assert.Contains($"href=\"/dashboard/webhook_endpoints/{id}\"", (await browser.GetAsync("/dashboard/webhook_endpoints")).Html);
    }

    [Fact]
    public async Task Another_key_gets_a_404_for_every_new_page_and_an_empty_payment_records_list()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (customer, invoice, record) = await kit.PaidByRecordAsync(2000, refunded: 500, refundGroup: "iso-pages");
        var note = (await kit.IssueAsync([("invoice", invoice), .. CreditNoteKit.Cite(0, record, "iso-pages")]))["id"]!.GetValue<string>();
        var subs = new SubscriptionKit(kit.Client);
        var (subCustomer, _) = await subs.CustomerAsync();
        var sub = SubscriptionKit.Str((await subs.CreateAsync(subCustomer, await subs.PriceAsync())).AssertOk().Body["id"]);
        var endpoint = (await kit.Client.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/iso"), ("enabled_events[]", "*"))).AssertOk().Id;
        using var owner = Browser();
        await owner.LogInAsync(kit.Client.ApiKey);
        using var stranger = Browser();
        await stranger.LogInAsync(ServerFixture.NewKey());

        foreach (var path in new[] { $"/dashboard/payment_records/{record}", $"/dashboard/subscriptions/{sub}", $"/dashboard/customers/{customer}",
                     $"/dashboard/credit_notes/{note}", $"/dashboard/webhook_endpoints/{endpoint}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(path)).Status);
            var (status, html, _) = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain(invoice, html);
            Assert.DoesNotContain(customer, html[html.IndexOf("<main>", StringComparison.Ordinal)..].Replace($"id {customer} in", ""));
        }
        var (_, list, _) = await stranger.GetAsync("/dashboard/payment_records");
        Assert.Contains("<tbody></tbody>", list);
        Assert.Contains("<tbody></tbody>", (await stranger.GetAsync($"/dashboard/payment_records?q={record}")).Html);
    }

    [Fact]
    public async Task Without_a_session_every_new_page_sends_the_browser_to_sign_in()
    {
        using var browser = Browser();
        foreach (var path in new[] { "/dashboard/payment_records", "/dashboard/payment_records/prec_1", "/dashboard/subscriptions/sub_1",
                     "/dashboard/customers/cus_1", "/dashboard/credit_notes/cn_1", "/dashboard/webhook_endpoints/we_1" })
        {
            var (status, _, response) = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.Equal("/dashboard", response.Headers.Location?.OriginalString);
        }
    }
}
