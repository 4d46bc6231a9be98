using System.Text;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.UnitTests.Swagger;

/// <summary>Reading Stripe's descriptions out of an OpenAPI document, unions and nesting included.</summary>
public sealed class SpecDescriptionsTests
{
    private const string Spec = """
        {
          "openapi": "3.0.0",
          "paths": {
            "/v1/things/{thing}": {
              "parameters": [],
              "get": {
                "operationId": "GetThingsThing",
                "description": "Retrieves a thing.",
                "parameters": [
                  { "name": "thing", "in": "path", "description": "The thing.", "schema": { "type": "string" } },
                  { "name": "created", "in": "query", "description": "Created in range.",
                    "schema": { "anyOf": [ { "type": "object", "properties": { "gt": { "type": "integer", "description": "Minimum (exclusive)" } } }, { "type": "integer" } ] } },
                  { "name": "Stripe-Account", "in": "header", "description": "not a form field", "schema": { "type": "string" } }
                ]
              },
              "post": {
                "operationId": "PostThingsThing",
                "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object", "properties": {
                  "address": { "anyOf": [ { "type": "object", "properties": { "city": { "type": "string", "description": "City." } } }, { "type": "string", "enum": [""] } ], "description": "The address." },
                  "lines": { "type": "array", "description": "Lines.", "items": { "type": "object", "properties": { "amount": { "type": "integer", "description": "Line amount." } } } },
                  "metadata": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Key-value pairs." },
                  "note": { "type": "string" }
                } } } } }
              }
            }
          }
        }
        """;

    private static SpecDescriptions Load() => SpecDescriptions.Load(new MemoryStream(Encoding.UTF8.GetBytes(Spec)));

    [Fact]
    public void Operations_keep_their_description_and_operationId_and_are_found_by_method_in_any_case()
    {
        var spec = Load();
        Assert.Equal(2, spec.OperationCount);
        var get = spec.Operation("get", "/v1/things/{thing}")!;
        Assert.Equal(("GetThingsThing", "Retrieves a thing."), (get.OperationId, get.Description));
        var post = spec.Operation("POST", "/v1/things/{thing}")!;
        Assert.Equal("PostThingsThing", post.OperationId);
        Assert.Null(post.Description);
        Assert.Null(spec.Operation("DELETE", "/v1/things/{thing}"));
    }

    [Fact]
    public void Query_and_path_parameters_carry_their_own_description_and_nested_ones_through_unions()
    {
        var get = Load().Operation("GET", "/v1/things/{thing}")!;
        Assert.Equal("The thing.", get.Parameter("thing")!.Description);
        Assert.Equal("Created in range.", get.Parameter("created")!.Description);
        Assert.Equal("Minimum (exclusive)", get.Parameter("created")!.Property("gt")!.Description);
        Assert.Null(get.Parameter("Stripe-Account"));
    }

    [Fact]
    public void Form_fields_carry_their_leaf_description_through_objects_arrays_and_maps()
    {
        var post = Load().Operation("POST", "/v1/things/{thing}")!;
        Assert.Equal("The address.", post.Parameter("address")!.Description);
        Assert.Equal("City.", post.Parameter("address")!.Property("city")!.Description);
        Assert.Equal("Lines.", post.Parameter("lines")!.Description);
        Assert.Equal("Line amount.", post.Parameter("lines")!.Items!.Property("amount")!.Description);
        Assert.Equal("Key-value pairs.", post.Parameter("metadata")!.Description);
        Assert.NotNull(post.Parameter("metadata")!.Values);
        Assert.Null(post.Parameter("note")!.Description);
        Assert.Null(post.Parameter("address")!.Property("nowhere"));
    }

    [Fact]
    public void The_spec_embedded_in_the_Api_assembly_loads()
    {
        var attach = SpecDescriptions.Shared.Operation("POST", "/v1/invoices/{invoice}/attach_payment");
        Assert.NotNull(attach);
        Assert.Equal("PostInvoicesInvoiceAttachPayment", attach.OperationId);
        Assert.StartsWith("Attaches a PaymentIntent or an Out of Band Payment", attach.Description);
        Assert.Equal("The ID of the PaymentRecord to attach to the invoice.", attach.Parameter("payment_record")!.Description);
        Assert.True(SpecDescriptions.Shared.OperationCount >= 40);
    }
}
