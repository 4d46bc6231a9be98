using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

[Collection(ServerCollection.Name)]
public sealed class ErrorTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task Unknown_parameter_names_the_full_bracketed_param()
    {
        var r = (await _client.PostAsync("/v1/customers", ("address[planet]", "Mars"))).AssertError(HttpStatusCode.BadRequest, "parameter_unknown", "address[planet]");
        Assert.Equal("Received unknown parameter: address[planet]", r.ErrorMessage);
        (await _client.PostAsync("/v1/customers", ("bogus", "1"))).AssertError(HttpStatusCode.BadRequest, "parameter_unknown", "bogus");
        (await _client.GetAsync("/v1/customers", ("bogus", "1"))).AssertError(HttpStatusCode.BadRequest, "parameter_unknown", "bogus");
    }

    [Fact]
    public async Task Invalid_integer_boolean_and_enum_values()
    {
        var i = (await _client.PostAsync("/v1/customers", ("balance", "12.5"))).AssertError(HttpStatusCode.BadRequest, "parameter_invalid_integer", "balance");
        Assert.Equal("Invalid integer: 12.5", i.ErrorMessage);
        var b = (await _client.PostAsync("/v1/customers", ("validate", "yes"))).AssertError(HttpStatusCode.BadRequest, param: "validate");
        Assert.Equal("Invalid boolean: yes", b.ErrorMessage);
        var e = (await _client.PostAsync("/v1/customers", ("tax_exempt", "sometimes"))).AssertError(HttpStatusCode.BadRequest, param: "tax_exempt");
        Assert.Equal("Invalid tax_exempt: must be one of exempt, none, or reverse", e.ErrorMessage);
    }

    [Fact]
    public async Task Empty_string_where_it_cannot_unset_is_parameter_invalid_empty()
    {
        var r = (await _client.PostAsync("/v1/customers", ("email", ""))).AssertError(HttpStatusCode.BadRequest, "parameter_invalid_empty", "email");
        Assert.Equal("You passed an empty string for 'email'. We assume empty values are an attempt to unset a parameter; however 'email' cannot be unset. You should remove 'email' from your request or supply a non-empty value.", r.ErrorMessage);
    }

    [Fact]
    public async Task Unknown_route_and_wrong_method_answer_in_the_stripe_envelope()
    {
        var r = (await _client.GetAsync("/v1/widgets")).AssertError(HttpStatusCode.NotFound);
        Assert.StartsWith("Unrecognized request URL (GET: /v1/widgets).", r.ErrorMessage);
        Assert.Equal("invalid_request_error", r.Error["type"]!.GetValue<string>());
        var m = (await _client.SendAsync(HttpMethod.Put, "/v1/customers", [], null)).AssertError(HttpStatusCode.NotFound);
        Assert.StartsWith("Unrecognized request URL (PUT: /v1/customers).", m.ErrorMessage);
    }

    [Fact]
    public async Task Expand_too_deep_or_not_expandable_is_refused()
    {
        (await _client.GetAsync("/v1/customers/cus_x", ("expand[]", "a.b.c.d.e"))).AssertError(HttpStatusCode.BadRequest, param: "expand");
        var r = (await _client.PostAsync("/v1/customers", ("expand[0]", "email"))).AssertCannotExpand();
        Assert.Equal("This property cannot be expanded (email).", r.ErrorMessage);
    }

    [Fact]
    public async Task A_refused_request_writes_nothing()
    {
        var before = (await _client.GetAsync("/v1/events")).AssertOk().Body["data"]!.AsArray().Count;
        await _client.PostAsync("/v1/customers", ("email", "x@example.com"), ("bogus", "1"));
        await _client.PostAsync("/v1/customers", ("email", "x@example.com"), ("payment_method", "pm_x"));
        var customers = (await _client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray();
        Assert.Empty(customers);
        Assert.Equal(before, (await _client.GetAsync("/v1/events")).AssertOk().Body["data"]!.AsArray().Count);
    }
}
