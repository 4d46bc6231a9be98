using PaymentRecords.Api.Dashboard;
using PaymentRecords.IntegrationTests.CreditNotes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentRecords;
using Xunit.Abstractions;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>
/// Database round trips of each dashboard page (counted by the server, as in RoundTripTests): a page costs the same
/// whether it shows one row or a full page, one payment or several (no N+1).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardRoundTripTests(ServerFixture fixture, ITestOutputHelper output)
{
    private async Task<long> TripsAsync(DashboardClient browser, string path) =>
        (await browser.GetCountingTripsAsync(fixture.Server.RoundTrips, path, output)).Trips;

    [Fact]
    public async Task Every_list_page_costs_the_same_round_trips_for_two_rows_as_for_a_full_page()
    {
        var small = new CreditNoteKit(fixture.Client());
        for (var i = 0; i < 2; i++) await small.OpenInvoiceAsync(100 + i);
        var large = new CreditNoteKit(fixture.Client());
        for (var i = 0; i < DashboardApi.PageSize + 1; i++) await large.OpenInvoiceAsync(100 + i);
        using var smallBrowser = new DashboardClient(fixture.Server.BaseAddress);
        await smallBrowser.LogInAsync(small.Client.ApiKey);
        using var largeBrowser = new DashboardClient(fixture.Server.BaseAddress);
        await largeBrowser.LogInAsync(large.Client.ApiKey);
        await TripsAsync(smallBrowser, "/dashboard/customers"); // warm-up: what a fresh server runs once is over

        foreach (var list in DashboardLists.All)
        {
            var few = await TripsAsync(smallBrowser, "/dashboard/" + list.Slug);
            var full = await TripsAsync(largeBrowser, "/dashboard/" + list.Slug);
            Assert.Equal(few, full);
            Assert.InRange(full, 1, 2); // invoices: the page and its lines; the others: one query
        }
    }

    [Fact]
    public async Task Invoice_page_costs_the_same_round_trips_for_one_payment_and_note_as_for_three_payments_and_two_notes()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (_, single, record) = await kit.PaidByRecordAsync(1000, refunded: 300, refundGroup: "rt-1");
        await kit.IssueAsync([("invoice", single), .. CreditNoteKit.Cite(0, record, "rt-1")]);

        var (customer, several) = await kit.OpenInvoiceAsync(3000);
        var records = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = (await Reports.ReportAsync(kit.Client, Reports.Guaranteed(1000, ("customer_details[customer]", customer)))).Id;
            await kit.AttachAsync(several, id);
            records.Add(id);
        }
        for (var i = 0; i < 2; i++)
        {
            await kit.ReportRefundAsync(records[i], $"rt-many-{i}", 200);
            await kit.IssueAsync([("invoice", several), .. CreditNoteKit.Cite(0, records[i], $"rt-many-{i}")]);
        }

        using var browser = new DashboardClient(fixture.Server.BaseAddress);
        await browser.LogInAsync(kit.Client.ApiKey);
        await TripsAsync(browser, $"/dashboard/invoices/{single}"); // warm-up
        var one = await TripsAsync(browser, $"/dashboard/invoices/{single}");
        var many = await TripsAsync(browser, $"/dashboard/invoices/{several}");
        Assert.Equal(one, many);
        // The invoice, its lines, its payments, its credit notes and their lines and refunds (7), then the payments' records'
        // attempts with their refunds (one query for all of them) and the events of the invoice, its payments and notes.
        Assert.InRange(many, 1, 9);
    }

    [Fact]
    public async Task Test_clock_page_costs_the_same_round_trips_for_one_customer_as_for_three_with_their_subscriptions()
    {
        var kit = new TestClocks.ClockKit(fixture.Client());
        var price = await kit.Subs.PriceAsync();
        var one = await kit.ClockAsync(TestClocks.ClockKit.Jan31);
        var (customer, pm) = await kit.CustomerAsync(one);
        await kit.ActiveSubscriptionAsync(customer, pm, price);
        var three = await kit.ClockAsync(TestClocks.ClockKit.Jan31);
        for (var i = 0; i < 3; i++)
        {
            (customer, pm) = await kit.CustomerAsync(three);
            await kit.ActiveSubscriptionAsync(customer, pm, price);
        }

        using var browser = new DashboardClient(fixture.Server.BaseAddress);
        await browser.LogInAsync(kit.Client.ApiKey);
        await TripsAsync(browser, $"/dashboard/test_clocks/{one}"); // warm-up
        var few = await TripsAsync(browser, $"/dashboard/test_clocks/{one}");
        var many = await TripsAsync(browser, $"/dashboard/test_clocks/{three}");
        Assert.Equal(few, many);
        Assert.InRange(many, 1, 7); // the clock; its customers and its subscriptions, each list resolving the clock first
    }
}
