using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>
/// Proves the validator itself on hand-made objects, before any server exists: valid examples pass, and each
/// kind of mistake (missing nullable field, wrong type, unknown field) is reported.
/// </summary>
public sealed class StripeSchemaValidatorTests
{
    private static StripeSchemaValidator Validator => StripeSchemaValidator.Shared;

    private static void AssertValid(string component, JsonNode instance)
    {
        var violations = Validator.Validate(component, instance);
        Assert.True(violations.Count == 0, $"{component}: expected no violations, got:\n" + string.Join("\n", violations));
    }

    private static string AssertSingleViolationMentioning(string component, JsonNode instance, params string[] fragments)
    {
        var violations = Validator.Validate(component, instance);
        Assert.NotEmpty(violations);
        var hit = violations.FirstOrDefault(v => fragments.All(f => v.Contains(f, StringComparison.Ordinal)));
        Assert.True(hit is not null,
            $"expected a violation mentioning [{string.Join(", ", fragments)}], got:\n" + string.Join("\n", violations));
        return hit;
    }

    // ---- spec and converter ----

    [Fact]
    public void Spec_is_found_and_holds_the_components_the_emulator_serves()
    {
        Assert.True(File.Exists(StripeSpec.Path));
        Assert.Equal("2025-10-29.clover", StripeSpec.Document["info"]?["version"]?.GetValue<string>());
        var names = Validator.ComponentNames.ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[]
                 {
                     "customer", "deleted_customer", "invoice", "deleted_invoice", "line_item", "invoiceitem",
                     "deleted_invoiceitem", "invoice_payment", "payment_record", "credit_note", "credit_note_line_item",
                     "customer_balance_transaction", "event", "error", "webhook_endpoint", "deleted_webhook_endpoint",
                 })
        {
            Assert.Contains(name, names);
        }
    }

    [Fact]
    public void Converter_turns_nullable_into_null_types_and_rewrites_refs()
    {
        var converted = StripeSchemaValidator.ConvertSchema(JsonNode.Parse("""
            {
              "type": "object",
              "x-resourceId": "thing",
              "properties": {
                "nullable": { "type": "string", "nullable": true },
                "status": { "type": "string", "enum": ["a", "b"], "nullable": true },
                "customer": { "anyOf": [{ "type": "string" }, { "$ref": "#/components/schemas/customer" }], "nullable": true },
                "plain": { "$ref": "#/components/schemas/test_helpers.test_clock", "nullable": true, "example": 1 }
              }
            }
            """))!.AsObject();

        Assert.False(converted.ContainsKey("x-resourceId"));
        var properties = converted["properties"]!.AsObject();
        // A property literally named "nullable" is a name, not the keyword.
        Assert.True(properties.ContainsKey("nullable"));
        Assert.Equal("""["string","null"]""", properties["nullable"]!["type"]!.ToJsonString());
        Assert.Equal("""["a","b",null]""", properties["status"]!["enum"]!.ToJsonString());

        var anyOf = properties["customer"]!["anyOf"]!.AsArray();
        Assert.Equal(3, anyOf.Count);
        Assert.EndsWith("#/$defs/customer", anyOf[1]!["$ref"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("null", anyOf[2]!["type"]!.GetValue<string>());

        var wrapped = properties["plain"]!["anyOf"]!.AsArray();
        Assert.EndsWith("#/$defs/test_helpers.test_clock", wrapped[0]!["$ref"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(wrapped[0]!.AsObject().ContainsKey("example"));
        Assert.Equal("null", wrapped[1]!["type"]!.GetValue<string>());
        Assert.DoesNotContain("nullable\":true", converted.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Wire_required_properties_add_nullable_ones_but_not_expand_only_ones()
    {
        var customer = Validator.WireRequiredProperties("customer");
        Assert.Contains("balance", customer);        // required in the spec
        Assert.Contains("email", customer);          // nullable: always sent
        Assert.Contains("test_clock", customer);
        Assert.DoesNotContain("cash_balance", customer); // nullable, but only sent when expanded
        Assert.DoesNotContain("sources", customer);
        Assert.DoesNotContain("next_invoice_sequence", customer); // optional, not nullable

        var invoice = Validator.WireRequiredProperties("invoice");
        Assert.Contains("metadata", invoice);
        Assert.DoesNotContain("confirmation_secret", invoice);
        Assert.DoesNotContain("payments", invoice);
    }

    [Fact]
    public void Unknown_component_name_throws()
    {
        Assert.Throws<ArgumentException>(() => Validator.Validate("payment_attempt_record", new JsonObject()));
    }

    // ---- customer ----

    [Fact]
    public void Complete_customer_validates()
    {
        AssertValid("customer", ContractFixtures.Load("customer"));
    }

    [Fact]
    public void Customer_with_optional_and_expanded_fields_validates()
    {
        var customer = ContractFixtures.Load("customer");
        customer["address"] = JsonNode.Parse("""
            {"city":"Berlin","country":"DE","line1":"Unter den Linden 1","line2":null,"postal_code":"10117","state":null}
            """);
        customer["invoice_credit_balance"] = new JsonObject { ["usd"] = 0 };
        customer["tax_exempt"] = null;
        customer["metadata"] = new JsonObject { ["order_id"] = "6735" };
        customer["invoice_settings"]!["custom_fields"] = JsonNode.Parse("""[{"name":"PO","value":"42"}]""");
        customer["tax_ids"] = JsonNode.Parse("""{"object":"list","data":[],"has_more":false,"url":"/v1/customers/cus_NffrFeUfNV2Hib/tax_ids"}""");
        AssertValid("customer", customer);
    }

    [Fact]
    public void Customer_missing_a_nullable_field_reports_it_as_required()
    {
        var customer = ContractFixtures.Load("customer");
        customer.Remove("email");
        var violation = AssertSingleViolationMentioning("customer", customer, "(root)", "email");
        Assert.Contains("required", violation, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Customer_missing_a_spec_required_field_is_reported()
    {
        var customer = ContractFixtures.Load("customer");
        customer.Remove("livemode");
        AssertSingleViolationMentioning("customer", customer, "livemode");
    }

    [Fact]
    public void Customer_with_balance_as_string_reports_the_type()
    {
        var customer = ContractFixtures.Load("customer");
        customer["balance"] = "0";
        AssertSingleViolationMentioning("customer", customer, "/balance", "integer");
    }

    [Fact]
    public void Customer_with_null_in_a_non_nullable_field_is_reported()
    {
        var customer = ContractFixtures.Load("customer");
        customer["metadata"] = null;
        AssertSingleViolationMentioning("customer", customer, "/metadata");
    }

    [Fact]
    public void Customer_with_a_value_outside_an_enum_is_reported()
    {
        var customer = ContractFixtures.Load("customer");
        customer["tax_exempt"] = "exempted";
        AssertSingleViolationMentioning("customer", customer, "/tax_exempt");
    }

    [Fact]
    public void Customer_with_wrong_nested_type_is_reported_with_its_path()
    {
        var customer = ContractFixtures.Load("customer");
        customer["metadata"] = new JsonObject { ["count"] = 3 };
        AssertSingleViolationMentioning("customer", customer, "/metadata/count");
    }

    [Fact]
    public void Customer_with_an_unknown_top_level_field_is_reported()
    {
        var customer = ContractFixtures.Load("customer");
        customer["emial"] = "typo@example.com";
        AssertSingleViolationMentioning("customer", customer, "/emial", "not defined");
    }

    [Fact]
    public void Customer_cash_balance_is_optional_but_checked_when_present()
    {
        var customer = ContractFixtures.Load("customer");
        customer["cash_balance"] = null;
        AssertValid("customer", customer);
        customer["cash_balance"] = "ccsbtxn_123";
        AssertSingleViolationMentioning("customer", customer, "/cash_balance");
    }

    [Fact]
    public void Deleted_customer_validates()
    {
        AssertValid("deleted_customer", JsonNode.Parse("""{"id":"cus_NffrFeUfNV2Hib","object":"customer","deleted":true}""")!);
    }

    [Fact]
    public void Deleted_customer_with_deleted_false_is_reported()
    {
        AssertSingleViolationMentioning(
            "deleted_customer",
            JsonNode.Parse("""{"id":"cus_NffrFeUfNV2Hib","object":"customer","deleted":false}""")!,
            "/deleted");
    }

    // ---- invoice and its parts ----

    [Fact]
    public void Invoice_fixture_validates_without_payments_or_confirmation_secret()
    {
        var invoice = ContractFixtures.Load("invoice");
        Assert.False(invoice.ContainsKey("payments"));
        Assert.False(invoice.ContainsKey("confirmation_secret"));
        AssertValid("invoice", invoice);
    }

    [Fact]
    public void Invoice_with_expanded_payments_customer_and_confirmation_secret_validates()
    {
        var invoice = ContractFixtures.Load("invoice");
        invoice["payments"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(ContractFixtures.Load("invoice_payment")),
            ["has_more"] = false,
            ["url"] = "/v1/invoice_payments",
        };
        invoice["customer"] = ContractFixtures.Load("customer");
        invoice["confirmation_secret"] = JsonNode.Parse("""{"client_secret":"pi_123_secret_456","type":"payment_intent"}""");
        AssertValid("invoice", invoice);
    }

    [Fact]
    public void Invoice_with_deleted_customer_expanded_validates()
    {
        var invoice = ContractFixtures.Load("invoice");
        invoice["customer"] = JsonNode.Parse("""{"id":"cus_NffrFeUfNV2Hib","object":"customer","deleted":true}""");
        AssertValid("invoice", invoice);
    }

    [Fact]
    public void Invoice_with_a_bad_expanded_customer_reports_the_nested_field_not_the_id_branch()
    {
        var customer = ContractFixtures.Load("customer");
        customer["balance"] = "0";
        var invoice = ContractFixtures.Load("invoice");
        invoice["customer"] = customer;

        var violations = Validator.Validate("invoice", invoice);
        Assert.Contains(violations, v => v.StartsWith("/customer/balance:", StringComparison.Ordinal));
        // The string (id) and null branches of the anyOf failed only on type: they are noise, so left out.
        Assert.DoesNotContain(violations, v => v.Contains("should be \"string\"", StringComparison.Ordinal));
        // Branches of anyOfs that passed (nullable expandables set to null) are not reported at all.
        Assert.DoesNotContain(violations, v => v.StartsWith("/default_source", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_component_schema_builds_and_rejects_an_empty_object_with_readable_messages()
    {
        foreach (var name in Validator.ComponentNames)
        {
            var violations = Validator.Validate(name, new JsonObject());
            Assert.All(violations, v => Assert.Matches("^(\\(root\\)|/)", v));
        }
    }

    [Fact]
    public void Invoice_metadata_and_status_may_be_null()
    {
        var invoice = ContractFixtures.Load("invoice");
        invoice["metadata"] = null;
        invoice["status"] = null;
        AssertValid("invoice", invoice);
    }

    [Fact]
    public void Invoice_with_bad_line_is_reported_with_the_line_path()
    {
        var invoice = ContractFixtures.Load("invoice");
        invoice["lines"]!["data"]![0]!["amount"] = "1500";
        AssertSingleViolationMentioning("invoice", invoice, "/lines/data/0/amount");
    }

    [Fact]
    public void Invoice_missing_nullable_field_is_reported()
    {
        var invoice = ContractFixtures.Load("invoice");
        invoice.Remove("hosted_invoice_url");
        AssertSingleViolationMentioning("invoice", invoice, "hosted_invoice_url");
    }

    [Fact]
    public void Invoice_lines_validate_as_top_level_line_items()
    {
        var lines = ContractFixtures.Load("invoice")["lines"]!;
        ContractAssert.MatchesList("line_item", lines);
    }

    [Fact]
    public void Invoiceitem_fixture_validates()
    {
        AssertValid("invoiceitem", ContractFixtures.Load("invoiceitem"));
    }

    [Fact]
    public void Invoice_payment_fixture_validates()
    {
        AssertValid("invoice_payment", ContractFixtures.Load("invoice_payment"));
    }

    [Fact]
    public void Invoice_payment_without_amount_paid_is_reported()
    {
        var payment = ContractFixtures.Load("invoice_payment");
        payment.Remove("amount_paid");
        AssertSingleViolationMentioning("invoice_payment", payment, "amount_paid");
    }

    // ---- payment record, credit note, balance transaction ----

    [Fact]
    public void Payment_record_fixture_validates()
    {
        AssertValid("payment_record", ContractFixtures.Load("payment_record"));
    }

    [Fact]
    public void Payment_record_amount_must_be_a_currency_value_object()
    {
        var record = ContractFixtures.Load("payment_record");
        record["amount"] = 1500;
        AssertSingleViolationMentioning("payment_record", record, "/amount");
    }

    [Fact]
    public void Credit_note_fixture_validates()
    {
        AssertValid("credit_note", ContractFixtures.Load("credit_note"));
    }

    [Fact]
    public void Credit_note_lines_validate_as_top_level_credit_note_line_items()
    {
        ContractAssert.MatchesList("credit_note_line_item", ContractFixtures.Load("credit_note")["lines"]);
    }

    [Fact]
    public void Customer_balance_transaction_fixture_validates()
    {
        AssertValid("customer_balance_transaction", ContractFixtures.Load("customer_balance_transaction"));
    }

    [Fact]
    public void Error_body_validates()
    {
        AssertValid("error", JsonNode.Parse("""
            {"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such customer: 'cus_x'","param":"id","doc_url":"https://stripe.com/docs/error-codes/resource-missing"}}
            """)!);
    }

    // ---- ContractAssert ----

    [Fact]
    public void ContractAssert_lists_every_violation()
    {
        var customer = ContractFixtures.Load("customer");
        customer.Remove("email");
        customer["balance"] = "0";
        customer["extra"] = true;

        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ContractAssert.Matches("customer", customer));
        Assert.Contains("email", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/balance", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/extra", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContractAssert_passes_a_valid_object_and_list()
    {
        ContractAssert.Matches("customer", ContractFixtures.Load("customer"));
        ContractAssert.MatchesList("customer", new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(ContractFixtures.Load("customer"), ContractFixtures.Load("customer")),
            ["has_more"] = false,
            ["url"] = "/v1/customers",
        });
    }

    [Fact]
    public void ContractAssert_list_reports_bad_items_by_index()
    {
        var bad = ContractFixtures.Load("customer");
        bad["balance"] = "0";
        var list = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(ContractFixtures.Load("customer"), bad),
            ["has_more"] = false,
            ["url"] = "/v1/customers",
        };
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ContractAssert.MatchesList("customer", list));
        Assert.Contains("/data/1/balance", failure.Message, StringComparison.Ordinal);
    }
}
