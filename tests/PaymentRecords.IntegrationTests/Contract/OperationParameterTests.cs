using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>
/// Walks every implemented operation: each parameter the spec declares is accepted (whatever else the request
/// may then be refused for, it is never <c>parameter_unknown</c>), and an undeclared one is.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OperationParameterTests(ServerFixture fixture)
{
    private IReadOnlyList<StripeRoute> Routes() =>
        fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<StripeRoute>()).OfType<StripeRoute>().ToList();

    /// <summary>Each route is the spec's operation, or one of the few hand-declared ones the invoicing subset leaves out.</summary>
    [Fact]
    public void Every_mapped_route_is_a_spec_operation()
    {
        // Hand-written operations cover routes the spec file lacks (payment attempt records).
        foreach (var route in Routes())
            Assert.Same(StripeOperations.Find(route.Method, route.Pattern)
                ?? SupplementaryOperations.Find(route.Method, route.Pattern), route.Operation);
    }

    [Fact]
    public async Task Every_spec_parameter_is_accepted_and_an_unknown_one_is_refused()
    {
        var client = fixture.Client();
        var failures = new List<string>();
        foreach (var route in Routes())
        {
            var path = route.Pattern.Replace("{customer}", "cus_missing").Replace("{id}", "x_missing")
                .Replace("{invoice}", "in_missing").Replace("{invoiceitem}", "ii_missing")
                .Replace("{credit_note}", "cn_missing").Replace("{invoice_payment}", "inpay_missing")
                .Replace("{transaction}", "cbtxn_missing");
            foreach (var parameter in route.Operation.Parameters)
            {
                var pairs = SampleParams.For(parameter, parameter.Name).ToList();
                pairs.AddRange(SampleParams.RequiredSiblings(route.Operation, parameter.Name));
                var response = await Send(client, route.Method, path, pairs);
                if ((int)response.Status >= 500) failures.Add($"500 {route.Method} {route.Pattern} {parameter.Name}: {response.Raw}");
                if (response.ErrorCode == "parameter_unknown")
                    failures.Add($"{route.Method} {route.Pattern} {parameter.Name}: {response.ErrorMessage}");
            }
            if (route.Method == "DELETE") continue;
            var unknown = await Send(client, route.Method, path, [("not_a_stripe_param", "1")]);
            if (unknown.Status != HttpStatusCode.BadRequest || unknown.ErrorCode != "parameter_unknown" || unknown.ErrorParam != "not_a_stripe_param")
                failures.Add($"{route.Method} {route.Pattern}: unknown param answered {(int)unknown.Status} {unknown.Raw}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static Task<StripeResponse> Send(StripeTestClient client, string method, string path, List<(string, string)> pairs) =>
        method == "GET" ? client.GetAsync(path, pairs.ToArray())
        : client.SendAsync(new HttpMethod(method), path, pairs.ToArray(), null);
}

/// <summary>Plausible form values for a parameter, built from its declared shape.</summary>
internal static class SampleParams
{
    public static IEnumerable<(string, string)> For(ParamSpec spec, string name)
    {
        switch (spec.Kind)
        {
            case ParamKind.Object when spec.AlsoInteger:
                yield return (name, "1");
                break;
            case ParamKind.Object:
                var props = spec.Properties ?? [];
                var chosen = props.Where(p => p.Required).ToList();
                if (chosen.Count == 0 && props.Count > 0) chosen.Add(props[0]);
                if (chosen.Count == 0 && spec.AllowEmpty) { yield return (name, ""); break; }
                foreach (var p in chosen)
                    foreach (var pair in For(p, $"{name}[{p.Name}]")) yield return pair;
                break;
            case ParamKind.Array:
                foreach (var pair in For(spec.Items!, $"{name}[0]")) yield return pair;
                break;
            case ParamKind.Map:
                yield return ($"{name}[key]", "value");
                break;
            case ParamKind.Integer:
                yield return (name, "1");
                break;
            case ParamKind.Boolean:
                yield return (name, "true");
                break;
            case ParamKind.Number:
                yield return (name, "1.5");
                break;
            default:
                yield return (name, spec.Enum is { Count: > 0 } e ? e[0] : name == "currency" ? "usd" : "x");
                break;
        }
    }

    /// <summary>The operation's other required parameters, so the walk reaches past "missing param".</summary>
    public static IEnumerable<(string, string)> RequiredSiblings(OperationSpec op, string except) =>
        op.Parameters.Where(p => p.Required && p.Name != except).SelectMany(p => For(p, p.Name));
}
