using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

[Collection(ServerCollection.Name)]
public sealed class UnexpectedErrorTests(ServerFixture fixture)
{
    [Fact]
    public async Task An_unexpected_exception_is_api_error_without_a_trace_logged_and_rolled_back()
    {
        var client = fixture.Client();
        var r = await client.SendAsync(HttpMethod.Post, "/v1/customers", [("email", "boom@example.com")], null,
            m => m.Headers.Add("X-Test-Throw", "1"));
        r.AssertError(HttpStatusCode.InternalServerError);
        Assert.Equal("api_error", r.Error["type"]!.GetValue<string>());
        Assert.DoesNotContain("   at ", r.Raw);
        Assert.DoesNotContain("InvalidOperationException", r.Raw);
        Assert.Contains(fixture.Server.Errors.Entries, e => e.Exception is InvalidOperationException && e.Message.Contains("/v1/customers"));
        Assert.Empty((await client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task A_balance_beyond_the_amount_limit_is_refused_rather_than_overflowing_later()
    {
        var client = fixture.Client();
        (await client.PostAsync("/v1/customers", ("balance", long.MaxValue.ToString())))
            .AssertError(HttpStatusCode.BadRequest, param: "balance");
        (await client.PostAsync("/v1/customers", ("balance", "-99999999"))).AssertOk();
    }
}
