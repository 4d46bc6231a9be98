using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.PaymentRecords;

/// <summary>Request builders and assertions shared by the payment-record tests.</summary>
internal static class Reports
{
    public const string InitiatedAt = "1730000000";

    /// <summary>A valid report_payment body (custom payment method), plus <paramref name="extra"/>.</summary>
    public static (string, string)[] Payment(long value = 1000, string currency = "usd", params (string, string)[] extra) =>
    [
        ("amount_requested[currency]", currency),
        ("amount_requested[value]", value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("initiated_at", InitiatedAt),
        ("payment_method_details[type]", "custom"),
        ("payment_method_details[custom][display_name]", "Bank wire (ACME)"),
        ("payment_method_details[custom][type]", "cpmt_1QFxTbLkdIwHu7ix"),
        .. extra,
    ];

    public static (string, string)[] Guaranteed(long value = 1000, params (string, string)[] extra) =>
        Payment(value, "usd", [("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000100"), .. extra]);

    /// <summary>A valid report_refund body; <paramref name="value"/> null leaves amount out (refund everything left).</summary>
    public static (string, string)[] Refund(string reference, long? value = null, string currency = "usd", params (string, string)[] extra)
    {
        var pairs = new List<(string, string)>
        {
            ("outcome", "refunded"),
            ("processor_details[type]", "custom"),
            ("processor_details[custom][refund_reference]", reference),
            ("refunded[refunded_at]", "1730000500"),
        };
        if (value is { } v)
        {
            pairs.Add(("amount[currency]", currency));
            pairs.Add(("amount[value]", v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        pairs.AddRange(extra);
        return [.. pairs];
    }

    public static async Task<StripeResponse> ReportAsync(StripeTestClient client, params (string, string)[] form) =>
        (await client.PostAsync("/v1/payment_records/report_payment", form)).AssertOk();

    public static Task<StripeResponse> OutcomeAsync(StripeTestClient client, string id, string outcome) => outcome switch
    {
        "guaranteed" => client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt_guaranteed", ("guaranteed_at", "1730000100")),
        "failed" => client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt_failed", ("failed_at", "1730000100")),
        _ => client.PostAsync($"/v1/payment_records/{id}/report_payment_attempt_canceled", ("canceled_at", "1730000100")),
    };

    /// <summary>Asserts the seven {currency, value} amounts.</summary>
    public static void AssertAmounts(JsonNode body, long amount, long authorized, long canceled, long failed, long guaranteed,
        long refunded, long requested, string currency = "usd")
    {
        var expected = new (string Name, long Value)[]
        {
            ("amount", amount), ("amount_authorized", authorized), ("amount_canceled", canceled), ("amount_failed", failed),
            ("amount_guaranteed", guaranteed), ("amount_refunded", refunded), ("amount_requested", requested),
        };
        foreach (var (name, value) in expected)
        {
            Assert.True(body[name]?["value"]?.GetValue<long>() == value, $"{name}: expected {value}, got {body[name]?.ToJsonString()}");
            Assert.Equal(currency, body[name]!["currency"]!.GetValue<string>());
        }
    }

    public static string Str(JsonNode? node) => node!.GetValue<string>();
}
