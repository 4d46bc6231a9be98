using System.Text;
using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>Assertions that a response object matches its Stripe component schema (see <see cref="StripeSchemaValidator"/>).</summary>
public static class ContractAssert
{
    /// <summary>Fails, listing every violation, unless <paramref name="obj"/> is a valid top-level <paramref name="componentName"/>.</summary>
    public static void Matches(string componentName, JsonNode? obj)
    {
        var violations = StripeSchemaValidator.Shared.Validate(componentName, obj);
        if (violations.Count > 0)
        {
            Assert.Fail(Describe(componentName, violations, obj));
        }
    }

    /// <summary>Parses <paramref name="json"/> and checks it as <see cref="Matches(string, JsonNode?)"/> does.</summary>
    public static void Matches(string componentName, string json) => Matches(componentName, JsonNode.Parse(json));

    /// <summary>
    /// Fails unless <paramref name="list"/> is a list envelope (<c>{object:"list", data:[...], has_more, url}</c>)
    /// whose every item is a valid top-level <paramref name="componentName"/>.
    /// </summary>
    public static void MatchesList(string componentName, JsonNode? list)
    {
        var violations = new List<string>();
        if (list is not JsonObject envelope)
        {
            violations.Add("(root): a list must be a JSON object");
        }
        else
        {
            if (envelope["object"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
                || envelope["object"]!.GetValue<string>() != "list")
            {
                violations.Add("/object: must be \"list\"");
            }

            if (envelope["has_more"]?.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            {
                violations.Add("/has_more: must be a boolean");
            }

            if (envelope["url"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                violations.Add("/url: must be a string");
            }

            foreach (var (name, _) in envelope)
            {
                if (name is not ("object" or "data" or "has_more" or "url"))
                {
                    violations.Add($"/{name}: property '{name}' is not part of a list envelope");
                }
            }

            if (envelope["data"] is not JsonArray data)
            {
                violations.Add("/data: must be an array");
            }
            else
            {
                for (var i = 0; i < data.Count; i++)
                {
                    violations.AddRange(StripeSchemaValidator.Shared.Validate(componentName, data[i])
                        .Select(v => $"/data/{i}" + (v.StartsWith("(root)", StringComparison.Ordinal) ? v["(root)".Length..] : v)));
                }
            }
        }

        if (violations.Count > 0)
        {
            Assert.Fail(Describe($"list of {componentName}", violations, list));
        }
    }

    private static string Describe(string what, IReadOnlyList<string> violations, JsonNode? obj)
    {
        var message = new StringBuilder()
            .Append("Response does not match the Stripe ").Append(what).Append(" schema: ")
            .Append(violations.Count).AppendLine(violations.Count == 1 ? " violation" : " violations");
        foreach (var violation in violations)
        {
            message.Append("  - ").AppendLine(violation);
        }

        var text = obj?.ToJsonString() ?? "null";
        const int MaxEcho = 4000;
        message.Append("Instance: ").Append(text.Length > MaxEcho ? text[..MaxEcho] + "..." : text);
        return message.ToString();
    }
}
