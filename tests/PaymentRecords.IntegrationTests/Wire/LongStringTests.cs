using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

/// <summary>
/// Strings past Stripe's maxLength get Stripe's own answer ("Invalid string: first ten...last ten; must be at most N
/// characters"), and a value within Stripe's limits that PostgreSQL cannot index is a 400 that writes nothing, never a 500.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LongStringTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private static string Long(int length) => "abcdefghij" + new string('m', length - 20) + "0123456789";

    /// <summary>An email address <paramref name="length"/> characters long, its first and last ten characters as <see cref="Long"/>'s.</summary>
    private static string LongEmail(int length) => "abcdefghij" + new string('m', length - 21) + "@0123456789";

    [Fact]
    public async Task A_customer_email_past_512_characters_is_refused_as_Stripe_words_it()
    {
        var r = (await _client.PostAsync("/v1/customers", ("email", LongEmail(513)))).AssertError(HttpStatusCode.BadRequest, param: "email");
        Assert.Equal("Invalid string: abcdefghij...0123456789; must be at most 512 characters", r.ErrorMessage);
        Assert.Equal("invalid_request_error", r.Body["error"]!["type"]!.GetValue<string>());
        (await _client.PostAsync("/v1/customers", ("email", LongEmail(512)))).AssertOk();
    }

    [Fact]
    public async Task A_price_lookup_key_past_200_characters_is_refused()
    {
        var product = (await _client.PostAsync("/v1/products", ("name", "Seat"))).AssertOk().Id;
        var r = (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "100"), ("lookup_key", Long(201))))
            .AssertError(HttpStatusCode.BadRequest, param: "lookup_key");
        Assert.Equal("Invalid string: abcdefghij...0123456789; must be at most 200 characters", r.ErrorMessage);
        (await _client.PostAsync("/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "100"), ("lookup_key", Long(200)))).AssertOk();
    }

    [Fact]
    public async Task A_product_id_past_5000_characters_is_refused_and_one_too_long_to_index_is_a_client_error()
    {
        var r = (await _client.PostAsync("/v1/products", ("name", "Seat"), ("id", Long(5001)))).AssertError(HttpStatusCode.BadRequest, param: "id");
        Assert.Equal("Invalid string: abcdefghij...0123456789; must be at most 5000 characters", r.ErrorMessage);
        (await _client.PostAsync("/v1/prices", ("currency", "usd"), ("unit_amount", "100"), ("product_data[name]", "Seat"), ("product_data[id]", Long(5001))))
            .AssertError(HttpStatusCode.BadRequest, param: "product_data[id]");

        // Within Stripe's 5000 characters but past the 2704 bytes PostgreSQL indexes (random, so it does not compress
        // below that): refused, and nothing is written.
        var random = string.Concat(Enumerable.Range(0, 94).Select(_ => Guid.NewGuid().ToString("N")));
        var unindexable = (await _client.PostAsync("/v1/products", ("name", "Seat"), ("id", random))).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", unindexable.Body["error"]!["type"]!.GetValue<string>());
        Assert.Contains("too long for this server", unindexable.ErrorMessage);
        Assert.Empty((await _client.GetAsync("/v1/products")).AssertOk().Body["data"]!.AsArray());
        Assert.Empty((await _client.GetAsync("/v1/events")).AssertOk().Body["data"]!.AsArray());
    }
}
