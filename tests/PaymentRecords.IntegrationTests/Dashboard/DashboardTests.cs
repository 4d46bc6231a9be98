using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Dashboard;
using PaymentRecords.IntegrationTests.CreditNotes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentRecords;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>/dashboard over real HTTP: sign-in, lists, search, paging, the invoice page, account isolation.</summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardTests(ServerFixture fixture)
{
    private DashboardClient Browser() => new(fixture.Server.BaseAddress);

    [Fact]
    public async Task Sign_in_keeps_the_key_in_an_HttpOnly_SameSite_Strict_session_cookie_and_log_out_clears_it()
    {
        using var browser = Browser();
        var (status, html, _) = await browser.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("name=\"key\"", html);

        var key = ServerFixture.NewKey();
        var response = await browser.LogInAsync(key);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardSession.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key, cookie);

        (status, html, _) = await browser.GetAsync("/dashboard/invoices");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Log out", html);
        Assert.Contains(key[^4..], html);

        var loggedOut = await browser.PostFormAsync("/dashboard/logout", "/dashboard/invoices");
        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
        (status, _, var after) = await browser.GetAsync("/dashboard/invoices");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/dashboard", after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Sign_in_and_log_out_without_the_antiforgery_token_are_refused()
    {
        using var browser = Browser();
        var refused = await browser.PostFormAsync("/dashboard/login", formPage: null, ("key", ServerFixture.NewKey()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(DashboardSession.CookieName, StringComparison.Ordinal));

        await browser.LogInAsync(ServerFixture.NewKey());
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostFormAsync("/dashboard/logout", formPage: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/invoices")).Status);
    }

    [Fact]
    public async Task Sign_in_with_a_key_the_API_refuses_shows_the_APIs_message()
    {
        using var browser = Browser();
        var response = await browser.PostFormAsync("/dashboard/login", "/dashboard", ("key", "pk_test_123"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("publishable API key", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Lists_show_the_accounts_customers_and_invoices_and_search_finds_one_by_id()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (customer, invoice) = await kit.OpenInvoiceAsync(1234);
        var (other, _) = await kit.OpenInvoiceAsync(99);
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (_, customers, _) = await browser.GetAsync("/dashboard/customers");
        Assert.Contains(customer, customers);
        Assert.Contains(other, customers);
        var (_, invoices, _) = await browser.GetAsync("/dashboard/invoices");
        Assert.Contains($"href=\"/dashboard/invoices/{invoice}\"", invoices);
        Assert.Contains("12.34 USD", invoices);

        var (_, found, _) = await browser.GetAsync($"/dashboard/customers?q={customer}");
        Assert.Contains(customer, found);
        Assert.DoesNotContain(other, found);
        var (status, missing, _) = await browser.GetAsync("/dashboard/invoices?q=in_doesnotexist");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No invoices with id in_doesnotexist", missing);

        foreach (var list in DashboardLists.All)
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/" + list.Slug)).Status);
    }

    [Fact]
    public async Task Paging_walks_the_customer_list_forward_and_back_by_the_APIs_cursors()
    {
        var client = fixture.Client();
        var ids = new List<string>();
        for (var i = 0; i < DashboardApi.PageSize + 3; i++) ids.Add((await client.PostAsync("/v1/customers")).AssertOk().Id);
        ids.Reverse(); // the API lists newest first
        using var browser = Browser();
        await browser.LogInAsync(client.ApiKey);

        var (_, first, _) = await browser.GetAsync("/dashboard/customers");
        Assert.All(ids.Take(DashboardApi.PageSize), id => Assert.Contains(id, first));
        Assert.DoesNotContain(ids[DashboardApi.PageSize], first);
        Assert.DoesNotContain("Previous page", first);
        var next = $"/dashboard/customers?starting_after={ids[DashboardApi.PageSize - 1]}";
        Assert.Contains($"href=\"{next}\"", first);

        var (_, second, _) = await browser.GetAsync(next);
        Assert.All(ids.Skip(DashboardApi.PageSize), id => Assert.Contains(id, second));
        Assert.DoesNotContain(ids[0], second);
        var previous = $"/dashboard/customers?ending_before={ids[DashboardApi.PageSize]}";
        Assert.Contains($"href=\"{previous}\"", second);

        var (_, back, _) = await browser.GetAsync(previous);
        Assert.All(ids.Take(DashboardApi.PageSize), id => Assert.Contains(id, back));
        Assert.DoesNotContain(ids[DashboardApi.PageSize], back);
    }

    [Fact]
    public async Task Invoice_page_shows_status_totals_payment_record_and_credit_note_refund_as_the_API_renders_them()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (_, invoice, record) = await kit.PaidByRecordAsync(4000, refunded: 1200, refundGroup: "dash-refund");
        var note = await kit.IssueAsync([("invoice", invoice), .. CreditNoteKit.Cite(0, record, "dash-refund")]);
        var api = await kit.Invoices.GetAsync(invoice);
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (status, html, _) = await browser.GetAsync($"/dashboard/invoices/{invoice}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<span class=\"status\" id=\"invoice-status\">paid</span>", html);
        foreach (var field in new[] { "total", "amount_paid", "amount_remaining", "post_payment_credit_notes_amount" })
            Assert.Contains($"data-field=\"{field}\"><span class=\"money\" data-minor=\"{api[field]!.GetValue<long>()}\">", html);
        Assert.Contains("40.00 USD", html);
        Assert.True(html.Contains("12.00 USD</span> refunded to <code>" + record + "</code>"), html[html.IndexOf("credit-notes", StringComparison.Ordinal)..]);
        Assert.Contains(note["id"]!.GetValue<string>(), html);
        Assert.Contains(record, html);
        Assert.Contains("data-field=\"paid_at\"><time datetime=", html);
        Assert.Contains("title=\"", html);
    }

    [Fact]
    public async Task A_zero_decimal_invoice_shows_its_amounts_without_minor_digits()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var customer = await kit.Invoices.CustomerAsync();
        var invoice = await kit.Invoices.DraftAsync(customer, ("currency", "jpy"));
        await kit.Invoices.ItemAsync(customer, invoice, ("amount", "123456"), ("currency", "jpy"));
        await kit.Invoices.FinalizeAsync(invoice);
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);
        var (_, html, _) = await browser.GetAsync($"/dashboard/invoices/{invoice}");
        Assert.Contains(">123,456 JPY</span>", html);
        Assert.DoesNotContain("1,234.56", html);
    }

    [Fact]
    public async Task Another_key_sees_none_of_it_lists_are_empty_and_the_invoice_page_is_404()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (customer, invoice, record) = await kit.PaidByRecordAsync(2000, refunded: 500, refundGroup: "iso");
        var note = (await kit.IssueAsync([("invoice", invoice), .. CreditNoteKit.Cite(0, record, "iso")]))["id"]!.GetValue<string>();
        using var stranger = Browser();
        await stranger.LogInAsync(ServerFixture.NewKey());

        foreach (var list in DashboardLists.All)
        {
            var (status, html, _) = await stranger.GetAsync("/dashboard/" + list.Slug);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("<tbody></tbody>", html);
            Assert.DoesNotContain(customer, html);
            Assert.DoesNotContain(invoice, html);
        }
        Assert.Contains("<tbody></tbody>", (await stranger.GetAsync($"/dashboard/invoices?q={invoice}")).Html);
        Assert.Contains("<tbody></tbody>", (await stranger.GetAsync($"/dashboard/credit_notes?q={note}")).Html);
        var (pageStatus, page, _) = await stranger.GetAsync($"/dashboard/invoices/{invoice}");
        Assert.Equal(HttpStatusCode.NotFound, pageStatus);
        Assert.DoesNotContain(record, page);
    }

    [Fact]
    public async Task Without_a_session_every_page_sends_the_browser_to_sign_in()
    {
        using var browser = Browser();
        foreach (var path in new[] { "/dashboard/invoices", "/dashboard/customers", "/dashboard/invoices/in_123" })
        {
            var (status, _, response) = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.Equal("/dashboard", response.Headers.Location?.OriginalString);
        }
    }
}
