using System.Text.Json.Nodes;
using PaymentRecords.Api.Hosting;
using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Swagger;

/// <summary>
/// The document Swagger UI renders (/swagger/v1/swagger.json) and the page that renders it: Stripe's descriptions
/// from the spec, empty examples so form fields start empty, and the plugin that leaves empty fields out.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SwaggerDocumentTests(ServerFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private async Task<JsonObject> DocumentAsync() =>
        JsonNode.Parse(await Http.GetStringAsync(new Uri(fixture.Server.BaseAddress, "/swagger/v1/swagger.json")))!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => op.Value is JsonObject o && o.ContainsKey("responses"))
            .Select(op => (path.Key, op.Key, op.Value!.AsObject())));

    private static JsonObject? SpecOperation(string path, string method) => StripeSpec.Document["paths"]?[path]?[method] as JsonObject;

    private static JsonObject FormProperties(JsonObject operation) =>
        operation["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!["properties"]!.AsObject();

    [Fact]
    public async Task Every_operation_the_spec_has_carries_its_description_and_operationId_and_no_made_up_summary()
    {
        var document = await DocumentAsync();
        var fromSpec = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            Assert.Null(operation["summary"]);
            Assert.False(string.IsNullOrWhiteSpace(operation["description"]?.GetValue<string>()), $"{method} {path} has no description");
            if (SpecOperation(path, method) is not { } spec) continue;
            fromSpec++;
            Assert.Equal(spec["description"]!.GetValue<string>(), operation["description"]!.GetValue<string>());
            Assert.Equal(spec["operationId"]!.GetValue<string>(), operation["operationId"]!.GetValue<string>());
        }
        Assert.True(fromSpec >= 40, $"only {fromSpec} operations matched the spec");
    }

    [Fact]
    public async Task Form_fields_and_query_parameters_carry_the_spec_description_of_their_leaf()
    {
        var document = await DocumentAsync();
        string Body(string path, string field) => FormProperties(document["paths"]![path]!["post"]!.AsObject())[field]!["description"]!.GetValue<string>();
        string Query(string path, string name) => document["paths"]![path]!["get"]!["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == name)!["description"]!.GetValue<string>();
        JsonNode SpecBody(string path) => StripeSpec.Document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!["properties"]!;

        Assert.Equal(SpecBody("/v1/invoices/{invoice}/attach_payment")["payment_record"]!["description"]!.GetValue<string>(),
            Body("/v1/invoices/{invoice}/attach_payment", "payment_record"));
        Assert.Equal("Specifies which fields in the response should be expanded.", Body("/v1/invoices/{invoice}/attach_payment", "expand[]"));
        // Nested: the leaf's own text from the nested schema (through the anyOf [object, ""] union for address).
        Assert.Equal("City, district, suburb, town, village, or ward.", Body("/v1/customers", "address[city]"));
        Assert.Equal(SpecBody("/v1/credit_notes")["lines"]!["items"]!["properties"]!["amount"]!["description"]!.GetValue<string>(),
            Body("/v1/credit_notes", "lines[0][amount]"));
        Assert.StartsWith("Set of [key-value pairs]", Body("/v1/customers", "metadata[key]"));
        Assert.Equal("Only return invoices for the customer specified by this customer ID.", Query("/v1/invoices", "customer"));
        Assert.Equal("Only return invoices that were created during the given date interval.", Query("/v1/invoices", "created"));
        Assert.Equal("Minimum value to filter by (exclusive)", Query("/v1/invoices", "created[gt]"));
    }

    [Fact]
    public async Task Every_form_field_has_an_empty_example_so_that_Swagger_UI_starts_it_empty()
    {
        var document = await DocumentAsync();
        var fields = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            if (operation["requestBody"] is null) continue;
            foreach (var (name, schema) in FormProperties(operation))
            {
                fields++;
                var example = schema!["example"];
                if (schema["type"]?.GetValue<string>() == "array")
                {
                    Assert.True(example is JsonArray { Count: 0 }, $"{method} {path} {name}: example {example?.ToJsonString()}");
                    Assert.Equal("", schema["items"]!["example"]?.GetValue<string>());
                }
                else
                {
                    Assert.True(example?.GetValueKind() == System.Text.Json.JsonValueKind.String && example.GetValue<string>() == "",
                        $"{method} {path} {name}: example {example?.ToJsonString()}");
                }
            }
        }
        Assert.True(fields > 300, $"only {fields} form fields");
    }

    [Fact]
    public async Task The_page_loads_the_plugin_that_leaves_empty_fields_out_and_offers_bearer_auth()
    {
        var indexJs = await Http.GetStringAsync(new Uri(fixture.Server.BaseAddress, $"/{SwaggerSetup.RoutePrefix}/index.js"));
        Assert.Contains(SwaggerSetup.OmitEmptyFieldsPlugin, indexJs);
        var scheme = (await DocumentAsync())["components"]!["securitySchemes"]!["bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
    }
}
