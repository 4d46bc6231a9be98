using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.Api.TestClocks;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.TestClocks;
using PaymentRecords.IntegrationTests.Webhooks;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's actions over real HTTP: the event page with its webhook attempts and Resend (through the webhook
/// delivery service of issue 10), the test clock page with Advance (through the API's advance), their refusals, and
/// account isolation.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardActionsTests(ServerFixture fixture)
{
    private static readonly DateTimeOffset Jan31 = ClockKit.Jan31;

    private DashboardClient Browser() => new(fixture.Server.BaseAddress);

    /// <summary>An endpoint on a loopback receiver, a customer (whose customer.created it gets), and that event's id once its attempt is recorded.</summary>
    private static async Task<(string Endpoint, string Url, string Customer, string Event)> DeliveredEventAsync(StripeTestClient client, WebhookReceiver receiver)
    {
        var url = receiver.NewUrl("dash");
        var endpoint = (await client.PostAsync("/v1/webhook_endpoints", ("url", url), ("enabled_events[]", "customer.created"))).AssertOk().Id;
        var customer = (await client.PostAsync("/v1/customers", ("email", "events@example.com"), ("name", "<b>Ada</b>"))).AssertOk().Id;
        var evt = (await client.GetAsync("/v1/events", ("type", "customer.created"))).AssertOk().Body["data"]![0]!["id"]!.GetValue<string>();
        await receiver.WaitForAsync(url, 1);
        for (var i = 0; i < 600; i++)
        {
            var history = (await client.GetAsync($"/dashboard/events/{evt}/webhook_attempts")).AssertOk().Body;
            if (history["attempts"]!.AsArray().Count > 0) return (endpoint, url, customer, evt);
            await Task.Delay(50);
        }
        throw new TimeoutException($"no attempt recorded for {evt}");
    }

    [Fact]
    public async Task Event_page_shows_type_object_link_escaped_json_and_each_attempt_and_Resend_adds_an_attempt_through_the_delivery_service()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = fixture.Client();
        var (endpoint, url, customer, evt) = await DeliveredEventAsync(client, receiver);
        using var browser = Browser();
        await browser.LogInAsync(client.ApiKey);

        var (status, list, _) = await browser.GetAsync("/dashboard/events");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<a href=\"/dashboard/events/{evt}\">{evt}</a>", list);

        var (pageStatus, html, _) = await browser.GetAsync($"/dashboard/events/{evt}");
        Assert.Equal(HttpStatusCode.OK, pageStatus);
        Assert.Contains("<code id=\"event-type\">customer.created</code>", html);
        Assert.Contains($"customer <a href=\"/dashboard/customers/{customer}\">{customer}</a>", html);
        // The JSON is the API's text (its relaxed encoder: <b> stays <b> in the JSON), indented, then HTML-escaped: the
        // customer's name never becomes markup.
        var json = (await client.GetAsync($"/v1/events/{evt}")).AssertOk().Body;
        Assert.Contains(WebUtility.HtmlEncode(json.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        })), html);
        Assert.Contains("&lt;b&gt;Ada&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>Ada</b>", html);
        var attempts = Section(html, "attempts");
        Assert.Contains(endpoint, attempts);
        Assert.Contains(url, attempts);
        Assert.True(attempts.Contains(">200<", StringComparison.Ordinal), attempts);
        Assert.Contains(" ms<", attempts);
        Assert.Contains("automatic", attempts);
        Assert.Contains($"action=\"/dashboard/events/{evt}/resend\"", html);

        var resent = await browser.PostFormAsync($"/dashboard/events/{evt}/resend", $"/dashboard/events/{evt}", ("endpoint", endpoint));
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Equal($"/dashboard/events/{evt}#webhook-attempts", resent.Headers.Location?.OriginalString);
        Assert.Equal(2, receiver.For(url).Count(r => r.EventId == evt));
        (_, html, _) = await browser.GetAsync($"/dashboard/events/{evt}");
        attempts = Section(html, "attempts");
        Assert.Equal(2, attempts.Split("<tr>").Length - 2); // header row + two attempts
        Assert.Contains("resend", attempts);
        var history = (await client.GetAsync($"/dashboard/events/{evt}/webhook_attempts")).AssertOk().Body;
        Assert.Equal([false, true], history["attempts"]!.AsArray().Select(a => a!["resend"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Resend_refusals_show_the_routes_message_and_a_post_without_the_antiforgery_token_sends_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = fixture.Client();
        var (endpoint, url, _, evt) = await DeliveredEventAsync(client, receiver);
        using var browser = Browser();
        await browser.LogInAsync(client.ApiKey);
        var page = $"/dashboard/events/{evt}";

        var route = await client.PostAsync($"/dashboard/events/{evt}/webhook_attempts", ("endpoint", "we_missing"));
        route.AssertError(HttpStatusCode.NotFound);
        var missing = await browser.PostFormAsync(page + "/resend", page, ("endpoint", "we_missing"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var html = await missing.Content.ReadAsStringAsync();
        Assert.Contains($"<p class=\"error\" role=\"alert\" id=\"refusal\">{WebUtility.HtmlEncode(route.ErrorMessage)}</p>", html);

        var empty = await browser.PostFormAsync(page + "/resend", page, ("endpoint", ""));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("endpoint", await empty.Content.ReadAsStringAsync());

        // A deleted endpoint is refused as the route refuses it.
        (await client.DeleteAsync($"/v1/webhook_endpoints/{endpoint}")).AssertOk();
        var deletedRoute = await client.PostAsync($"/dashboard/events/{evt}/webhook_attempts", ("endpoint", endpoint));
        var deleted = await browser.PostFormAsync(page + "/resend", page, ("endpoint", endpoint));
        Assert.Equal((int)deletedRoute.Status, (int)deleted.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(deletedRoute.ErrorMessage)!, await deleted.Content.ReadAsStringAsync());

        var forged = await browser.PostFormAsync(page + "/resend", formPage: null, ("endpoint", endpoint));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Single(receiver.For(url));
        Assert.Single((await client.GetAsync($"/dashboard/events/{evt}/webhook_attempts")).AssertOk().Body["attempts"]!.AsArray());
    }

    [Fact]
    public async Task Another_key_sees_no_event_page_no_clock_page_and_cannot_resend_or_advance()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = fixture.Client();
        var (endpoint, url, _, evt) = await DeliveredEventAsync(client, receiver);
        var kit = new ClockKit(client);
        var clock = await kit.ClockAsync(Jan31);
        using var other = Browser();
        await other.LogInAsync(ServerFixture.NewKey());

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/dashboard/events/{evt}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/dashboard/test_clocks/{clock}")).Status);
        var resend = await other.PostFormAsync($"/dashboard/events/{evt}/resend", "/dashboard/events", ("endpoint", endpoint));
        Assert.Equal(HttpStatusCode.NotFound, resend.StatusCode);
        var advance = await other.PostFormAsync($"/dashboard/test_clocks/{clock}/advance", "/dashboard/test_clocks",
            ("frozen_time", ClockKit.S(Jan31.AddDays(1))));
        Assert.Equal(HttpStatusCode.NotFound, advance.StatusCode);
        Assert.Single(receiver.For(url));
        var after = (await client.GetAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertOk().Body;
        Assert.Equal(("ready", Jan31.ToUnixTimeSeconds()), (after["status"]!.GetValue<string>(), after["frozen_time"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Clock_page_shows_its_customers_and_subscriptions_and_Advance_answers_advancing_then_the_page_shows_ready_and_the_renewal()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, pm) = await kit.CustomerAsync(clock);
        var subscription = await kit.ActiveSubscriptionAsync(customer, pm, await kit.Subs.PriceAsync());
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);

        var (_, list, _) = await browser.GetAsync("/dashboard/test_clocks");
        Assert.Contains($"<a href=\"/dashboard/test_clocks/{clock}\">{clock}</a>", list);
        var page = $"/dashboard/test_clocks/{clock}";
        var (status, html, _) = await browser.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<span class=\"status\" id=\"clock-status\">ready</span>", html);
        Assert.Contains($"data-unix=\"{Jan31.ToUnixTimeSeconds()}\"", html);
        Assert.Contains($"<a href=\"/dashboard/customers/{customer}\">{customer}</a>", Section(html, "clock-customers"));
        var subscriptions = Section(html, "clock-subscriptions");
        Assert.Contains($"<a href=\"/dashboard/subscriptions/{subscription}\">{subscription}</a>", subscriptions);
        var first = (await kit.InvoicesAsync(customer)).Single()["id"]!.GetValue<string>();
        Assert.Contains($"<a href=\"/dashboard/invoices/{first}\">", subscriptions);
        Assert.Contains("type=\"datetime-local\"", html);
        Assert.Contains("<label for=\"advance-to\">", html);

        var target = Jan31.AddMonths(1).AddHours(2);
        var advanced = await browser.PostFormAsync(page + "/advance", page, ("frozen_time", ClockKit.S(target)), ("frozen_time_local", "2000-01-01T00:00"));
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        html = await advanced.Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"status\" id=\"clock-status\">advancing</span>", html);
        Assert.Contains("data-poll=\"1\"", html);
        Assert.Contains($"data-url=\"{page}\"", html);

        var ready = await kit.WaitReadyAsync(clock);
        Assert.Equal(target.ToUnixTimeSeconds(), ready["frozen_time"]!.GetValue<long>());
        (_, html, _) = await browser.GetAsync(page);
        Assert.Contains("<span class=\"status\" id=\"clock-status\">ready</span>", html);
        Assert.DoesNotContain("data-poll=\"1\"", html);
        var renewal = (await kit.InvoicesAsync(customer))[^1];
        Assert.Equal("subscription_cycle", renewal["billing_reason"]!.GetValue<string>());
        Assert.Contains($"<a href=\"/dashboard/invoices/{renewal["id"]!.GetValue<string>()}\">", Section(html, "clock-subscriptions"));
    }

    [Fact]
    public async Task Advance_without_script_reads_the_pickers_value_as_UTC_and_refusals_show_the_APIs_message()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        using var browser = Browser();
        await browser.LogInAsync(kit.Client.ApiKey);
        var page = $"/dashboard/test_clocks/{clock}";

        var before = await browser.PostFormAsync(page + "/advance", page, ("frozen_time", ""), ("frozen_time_local", "2027-01-30T12:00"));
        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(TestClockErrors.TestClockNotAfter().Message), await before.Content.ReadAsStringAsync());

        var far = await kit.Client.PostAsync($"/v1/test_helpers/test_clocks/{clock}/advance", ("frozen_time", ClockKit.S(Jan31.AddYears(3))));
        far.AssertError(HttpStatusCode.BadRequest);
        var beyond = await browser.PostFormAsync(page + "/advance", page, ("frozen_time", ClockKit.S(Jan31.AddYears(3))));
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(far.ErrorMessage)!, await beyond.Content.ReadAsStringAsync());

        var unreadable = await browser.PostFormAsync(page + "/advance", page, ("frozen_time", ""), ("frozen_time_local", "soon"));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        var forged = await browser.PostFormAsync(page + "/advance", formPage: null, ("frozen_time", ClockKit.S(Jan31.AddDays(1))));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("ready", (await kit.Client.GetAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertOk().Body["status"]!.GetValue<string>());

        var ok = await browser.PostFormAsync(page + "/advance", page, ("frozen_time", ""), ("frozen_time_local", "2027-02-01T09:30"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var ready = await kit.WaitReadyAsync(clock);
        Assert.Equal(new DateTimeOffset(2027, 2, 1, 9, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds(), ready["frozen_time"]!.GetValue<long>());
    }

    /// <summary>The markup of the element with <paramref name="id"/> up to its table's end.</summary>
    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no #{id} in the page");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
