using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>
/// Every JSON answer an integration test receives through <see cref="Infrastructure.StripeTestClient"/> is checked
/// against the Stripe schema of its <c>object</c> (list items and each event's <c>data.object</c> too), so the whole
/// suite is a contract test: a non-conforming answer fails the test that received it. <c>CONTRACT_SWEEP=off</c>
/// turns it off (to time the suite without it).
/// </summary>
/// <remarks>
/// Objects whose type the spec has no schema for pass (<c>payment_attempt_record</c> is newer than the pinned
/// typings; <c>webhook_delivery_history</c> is this server's own). The one known exception: the invoice of an
/// <c>invoice.upcoming</c> event has no <c>id</c> (Stripe: "The received Invoice object will not have an invoice
/// ID"), which the general invoice schema requires.
/// </remarks>
public static class ContractSweep
{
    private static readonly bool On = !string.Equals(Environment.GetEnvironmentVariable("CONTRACT_SWEEP"), "off", StringComparison.OrdinalIgnoreCase);
    private const string UpcomingHasNoId = "(root): Required properties [\"id\"] are not present";

    public static void Observe(string method, string path, JsonObject body)
    {
        if (!On) return;
        var violations = new List<string>();
        Check(body, violations, "", upcoming: false);
        if (violations.Count > 0)
        {
            Assert.Fail($"The answer to {method} {path} does not match Stripe's schema:\n  - " + string.Join("\n  - ", violations)
                + "\nBody: " + Truncate(body.ToJsonString()));
        }
    }

    private static void Check(JsonNode? node, List<string> violations, string at, bool upcoming)
    {
        if (node is not JsonObject obj) return;
        var type = obj["object"]?.GetValue<string>();
        if (type is null)
        {
            if (obj["error"] is JsonObject) Validate("error", obj, violations, at, upcoming: false);
            return;
        }

        if (type == "list")
        {
            var items = obj["data"]?.AsArray() ?? [];
            for (var i = 0; i < items.Count; i++) Check(items[i], violations, $"{at}/data/{i}", upcoming);
            return;
        }

        if (obj["deleted"]?.GetValue<bool>() == true) type = "deleted_" + type;
        Validate(type, obj, violations, at, upcoming);
        if (type == "event" && obj["data"]?["object"] is JsonObject inner)
        {
            Check(inner, violations, at + "/data/object", upcoming: obj["type"]?.GetValue<string>() == "invoice.upcoming");
        }
    }

    private static void Validate(string type, JsonObject obj, List<string> violations, string at, bool upcoming)
    {
        if (!StripeSchemaValidator.Shared.HasComponent(type)) return;
        violations.AddRange(StripeSchemaValidator.Shared.Validate(type, obj)
            .Where(v => !(upcoming && type == "invoice" && v.StartsWith(UpcomingHasNoId, StringComparison.Ordinal)))
            .Select(v => $"{type} at {(at.Length == 0 ? "/" : at)}: {v}"));
    }

    private static string Truncate(string text) => text.Length > 3000 ? text[..3000] + "..." : text;
}
