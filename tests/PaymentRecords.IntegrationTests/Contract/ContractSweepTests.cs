using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>The sweep fails a non-conforming answer, inside lists and events too, and keeps only its one documented exception.</summary>
public sealed class ContractSweepTests
{
    private static JsonObject Event(string type, JsonObject inner) => new()
    {
        ["id"] = "evt_1", ["object"] = "event", ["api_version"] = "2025-10-29.clover", ["created"] = 1, ["livemode"] = false,
        ["pending_webhooks"] = 0, ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null }, ["type"] = type,
        ["data"] = new JsonObject { ["object"] = inner },
    };

    [Fact]
    public void A_malformed_object_fails_wherever_it_sits()
    {
        // The valid customer passes everywhere; the same customer with one wrong field fails, naming it.
        var good = Fixture("customer");
        var bad = (JsonObject)good.DeepClone();
        bad["balance"] = "not a number";
        JsonObject List(JsonObject item) => new() { ["object"] = "list", ["data"] = new JsonArray(item.DeepClone()), ["has_more"] = false, ["url"] = "/v1/customers" };
        foreach (var ok in new[] { good, List(good), Event("customer.created", (JsonObject)good.DeepClone()) }) ContractSweep.Observe("GET", "/v1/x", ok);
        foreach (var body in new[] { bad, List(bad), Event("customer.created", (JsonObject)bad.DeepClone()) })
        {
            var failure = Assert.Throws<Xunit.Sdk.FailException>(() => ContractSweep.Observe("GET", "/v1/x", body));
            Assert.Contains("/balance", failure.Message);
        }
        var error = Assert.Throws<Xunit.Sdk.FailException>(() => ContractSweep.Observe("GET", "/v1/x", new JsonObject { ["error"] = new JsonObject { ["type"] = 5 } }));
        Assert.Contains("error at /", error.Message);
    }

    private static JsonObject Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contract", "Fixtures", name + ".json")))!.AsObject();

    [Fact]
    public void Only_an_upcoming_invoice_may_lack_its_id()
    {
        var invoice = Fixture("invoice");
        invoice.Remove("id");
        ContractSweep.Observe("GET", "/v1/events/evt_1", Event("invoice.upcoming", (JsonObject)invoice.DeepClone()));
        var failure = Assert.Throws<Xunit.Sdk.FailException>(() => ContractSweep.Observe("GET", "/v1/events/evt_1", Event("invoice.created", invoice)));
        Assert.Contains("\"id\"", failure.Message);
    }
}
