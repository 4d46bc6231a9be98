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
        ContractSweep.Observe("GET", "/v1/events/evt_1", Event("customer.created", Fixture("customer")));
        var bad = new JsonObject { ["id"] = "cus_1", ["object"] = "customer", ["balance"] = "not a number" };
        Assert.ThrowsAny<Exception>(() => ContractSweep.Observe("GET", "/v1/customers/cus_1", bad));
        Assert.ThrowsAny<Exception>(() => ContractSweep.Observe("GET", "/v1/customers",
            new JsonObject { ["object"] = "list", ["data"] = new JsonArray(bad.DeepClone()), ["has_more"] = false, ["url"] = "/v1/customers" }));
        Assert.ThrowsAny<Exception>(() => ContractSweep.Observe("GET", "/v1/events/evt_1", Event("customer.created", (JsonObject)bad.DeepClone())));
        Assert.ThrowsAny<Exception>(() => ContractSweep.Observe("GET", "/v1/x", new JsonObject { ["error"] = new JsonObject { ["type"] = 5 } }));
    }

    private static JsonObject Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contract", "Fixtures", name + ".json")))!.AsObject();

    [Fact]
    public void Only_an_upcoming_invoice_may_lack_its_id()
    {
        var invoice = Fixture("invoice");
        invoice.Remove("id");
        ContractSweep.Observe("GET", "/v1/events/evt_1", Event("invoice.upcoming", (JsonObject)invoice.DeepClone()));
        Assert.ThrowsAny<Exception>(() => ContractSweep.Observe("GET", "/v1/events/evt_1", Event("invoice.created", invoice)));
    }
}
