using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Customers;

[Collection(ServerCollection.Name)]
public sealed class PaginationTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private async Task<List<string>> CreateCustomersAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add((await _client.PostAsync("/v1/customers", ("name", $"c{i}"))).AssertOk().Id);
        ids.Reverse(); // newest first, as lists return them
        return ids;
    }

    private static List<string> Ids(StripeResponse r) => r.Body["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Pages_forward_with_starting_after_without_skips_or_repeats()
    {
        var expected = await CreateCustomersAsync(23);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        while (true)
        {
            var query = new List<(string, string)> { ("limit", "10") };
            if (cursor is not null) query.Add(("starting_after", cursor));
            var page = (await _client.GetAsync("/v1/customers", query.ToArray())).AssertOk();
            var ids = Ids(page);
            seen.AddRange(ids);
            pages++;
            if (!page.Body["has_more"]!.GetValue<bool>()) break;
            cursor = ids[^1];
        }
        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Pages_backward_with_ending_before_newest_first()
    {
        var expected = await CreateCustomersAsync(15);
        var oldest = expected[^1];
        var page = (await _client.GetAsync("/v1/customers", ("limit", "5"), ("ending_before", oldest))).AssertOk();
        Assert.Equal(expected.Skip(9).Take(5).ToList(), Ids(page));
        Assert.True(page.Body["has_more"]!.GetValue<bool>());

        var first = (await _client.GetAsync("/v1/customers", ("limit", "5"), ("ending_before", expected[4]))).AssertOk();
        Assert.Equal(expected.Take(4).ToList(), Ids(first));
        Assert.False(first.Body["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Default_limit_is_ten_and_out_of_range_limits_are_clamped()
    {
        await CreateCustomersAsync(12);
        var page = (await _client.GetAsync("/v1/customers")).AssertOk();
        Assert.Equal(10, Ids(page).Count);
        Assert.True(page.Body["has_more"]!.GetValue<bool>());
        // Recorded against Stripe: limit=0 (or below) answers one object, limit=101 a hundred; neither is refused.
        Assert.Single(Ids((await _client.GetAsync("/v1/customers", ("limit", "0"))).AssertOk()));
        Assert.Single(Ids((await _client.GetAsync("/v1/customers", ("limit", "-5"))).AssertOk()));
        Assert.Equal(12, Ids((await _client.GetAsync("/v1/customers", ("limit", "101"))).AssertOk()).Count);
        (await _client.GetAsync("/v1/customers", ("limit", "ten"))).AssertError(HttpStatusCode.BadRequest, "parameter_invalid_integer", "limit");
    }

    [Fact]
    public async Task Unknown_or_foreign_cursor_is_resource_missing_on_that_param()
    {
        // A cursor is a parameter, not the path: Stripe's 400 (recorded), not the 404 of a path id.
        var unknown = (await _client.GetAsync("/v1/customers", ("starting_after", "cus_unknown"))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "starting_after");
        Assert.Equal("No such customer: 'cus_unknown'", unknown.ErrorMessage);
        var foreign = (await fixture.Client().PostAsync("/v1/customers")).AssertOk().Id;
        (await _client.GetAsync("/v1/customers", ("ending_before", foreign))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "ending_before");
        var own = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        (await _client.GetAsync("/v1/customers", ("starting_after", own), ("ending_before", own)))
            .AssertRefusedWithoutCode("Received both starting_after and ending_before parameters. Please pass in only one.");
    }

    [Fact]
    public async Task Created_filter_accepts_exact_and_range()
    {
        var c = (await _client.PostAsync("/v1/customers")).AssertOk().Body;
        var created = c["created"]!.GetValue<long>();
        var exact = (await _client.GetAsync("/v1/customers", ("created", created.ToString()))).AssertOk();
        Assert.Contains(c["id"]!.GetValue<string>(), Ids(exact));
        var none = (await _client.GetAsync("/v1/customers", ("created[gt]", created.ToString()))).AssertOk();
        Assert.DoesNotContain(c["id"]!.GetValue<string>(), Ids(none));
        var range = (await _client.GetAsync("/v1/customers", ("created[gte]", created.ToString()), ("created[lte]", created.ToString()))).AssertOk();
        Assert.Contains(c["id"]!.GetValue<string>(), Ids(range));
    }
}
