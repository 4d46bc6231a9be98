using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.Wire;

/// <summary>
/// <see cref="NotHeldObjects"/> resolves what a parameter names through the loaders registered for each object type:
/// a type without one answers Stripe's 404 on the parameter, and registering a loader is all it takes for references
/// to that type to resolve.
/// </summary>
public class ObjectReferenceTests
{
    private static readonly JsonObject Values = new()
    {
        ["subscription"] = "sub_1",
        ["tax_rates"] = new JsonArray("txr_1", "txr_2"),
        ["transfer_data"] = new JsonObject { ["destination"] = "acct_1" },
    };

    [Fact]
    public async Task A_reference_to_a_type_without_a_loader_answers_404_resource_missing_on_its_parameter()
    {
        var scope = Scope(new ExpansionRegistry());
        var error = (await Assert.ThrowsAsync<StripeException>(() => NotHeldObjects.ResolveAsync(scope, Values, NotHeldObjects.Subscription, "subscription"))).Error;
        Assert.Equal((404, "invalid_request_error", "resource_missing", "subscription", "No such subscription: 'sub_1'"),
            (error.Status, error.Type, error.Code, error.Param, error.Message));
        var nested = (await Assert.ThrowsAsync<StripeException>(() => NotHeldObjects.ResolveAsync(scope, Values, NotHeldObjects.Account, "transfer_data", "destination"))).Error;
        Assert.Equal("transfer_data[destination]", nested.Param);
        var listed = (await Assert.ThrowsAsync<StripeException>(() => NotHeldObjects.ResolveEachAsync(scope, Values, NotHeldObjects.TaxRate, "tax_rates"))).Error;
        Assert.Equal(("tax_rates[0]", "No such tax rate: 'txr_1'"), (listed.Param, listed.Message));
    }

    [Fact]
    public async Task Registering_a_loader_is_all_it_takes_for_references_to_that_type_to_resolve()
    {
        var held = new Dictionary<string, JsonObject> { ["sub_1"] = new() { ["id"] = "sub_1", ["object"] = "subscription" } };
        var scope = Scope(new ExpansionRegistry().Add(new ObjectExpansions("subscription", new Dictionary<string, string?>()),
            (_, id) => Task.FromResult(held.GetValueOrDefault(id))));

        await NotHeldObjects.ResolveAsync(scope, Values, NotHeldObjects.Subscription, "subscription");
        await NotHeldObjects.ResolveAsync(scope, new JsonObject(), NotHeldObjects.Subscription, "subscription");
        var missing = (await Assert.ThrowsAsync<StripeException>(() => NotHeldObjects.ResolveIdAsync(scope, NotHeldObjects.Subscription, "sub_2", "subscription"))).Error;
        Assert.Equal((404, "resource_missing", "No such subscription: 'sub_2'"), (missing.Status, missing.Code, missing.Message));
        // Other types stay unresolvable.
        await Assert.ThrowsAsync<StripeException>(() => NotHeldObjects.ResolveEachAsync(scope, Values, NotHeldObjects.TaxRate, "tax_rates"));
    }

    [Fact]
    public async Task A_deleted_object_a_loader_answers_with_its_stub_does_not_resolve()
    {
        var scope = Scope(new ExpansionRegistry().Add(new ObjectExpansions("product", new Dictionary<string, string?>()),
            (_, id) => Task.FromResult<JsonObject?>(new JsonObject { ["id"] = id, ["object"] = "product", ["deleted"] = true })));
        var error = (await Assert.ThrowsAsync<StripeException>(() => NotHeldObjects.ResolveIdAsync(scope, NotHeldObjects.Product, "prod_1", "product"))).Error;
        Assert.Equal((404, "product"), (error.Status, error.Param));
    }

    private static RequestScope Scope(ExpansionRegistry registry) => new()
    {
        Http = new DefaultHttpContext(),
        Db = null!,
        AccountId = "acct_test",
        RequestId = "req_test",
        Params = new StripeParams(new JsonObject()),
        Expand = ExpandTree.Empty,
        Expansions = registry,
    };
}
