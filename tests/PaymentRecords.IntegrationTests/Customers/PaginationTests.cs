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
    public async Task Default_limit_is_ten_and_bounds_are_enforced()
    {
        await CreateCustomersAsync(12);
        var page = (await _client.GetAsync("/v1/customers")).AssertOk();
        Assert.Equal(10, Ids(page).Count);
        Assert.True(page.Body["has_more"]!.GetValue<bool>());
        (await _client.GetAsync("/v1/customers", ("limit", "0"))).AssertError(HttpStatusCode.BadRequest, param: "limit");
        (await _client.GetAsync("/v1/customers", ("limit", "101"))).AssertError(HttpStatusCode.BadRequest, param: "limit");
        (await _client.GetAsync("/v1/customers", ("limit", "ten"))).AssertError(HttpStatusCode.BadRequest, "parameter_invalid_integer", "limit");
    }

    [Fact]
    public async Task Unknown_or_foreign_cursor_is_resource_missing_on_that_param()
    {
        (await _client.GetAsync("/v1/customers", ("starting_after", "cus_unknown"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "starting_after");
        var foreign = (await fixture.Client().PostAsync("/v1/customers")).AssertOk().Id;
        (await _client.GetAsync("/v1/customers", ("ending_before", foreign))).AssertError(HttpStatusCode.NotFound, "resource_missing", "ending_before");
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
