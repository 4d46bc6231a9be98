using System.Text.Json.Nodes;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;

namespace PaymentRecords.UnitTests.Wire;

/// <summary>
/// Coercion of decoded forms against parameter tables: small hand-made ones for each kind, and the generated
/// tables of real operations (POST /v1/customers, POST /v1/invoices, GET /v1/customers,
/// POST /v1/payment_records/report_payment, POST /v1/invoices/{invoice}/add_lines).
/// </summary>
public class ParamCoercerTests
{
    private static JsonObject Coerce(string body, IReadOnlyList<ParamSpec> parameters) =>
        ParamCoercer.Coerce(FormDecoder.Decode(body), parameters);

    private static JsonObject Coerce(string body, OperationSpec operation) => Coerce(body, operation.Parameters);

    private static string Json(string body, IReadOnlyList<ParamSpec> parameters) => Coerce(body, parameters).ToJsonString();

    private static string Json(string body, OperationSpec operation) => Json(body, operation.Parameters);

    private static StripeError Error(string body, IReadOnlyList<ParamSpec> parameters) =>
        StripeAssert.Throws(() => Coerce(body, parameters));

    private static StripeError Error(string body, OperationSpec operation) => Error(body, operation.Parameters);

    private static readonly ParamSpec[] Scalars =
    [
        new("count", ParamKind.Integer),
        new("flag", ParamKind.Boolean),
        new("ratio", ParamKind.Number),
        new("name", ParamKind.String),
        new("mode", ParamKind.String, Enum: ["a", "b", "c"]),
        new("pair", ParamKind.String, Enum: ["on", "off"]),
        new("note", ParamKind.String, AllowEmpty: true),
    ];

    private static readonly ParamSpec[] Lines =
    [
        new("lines", ParamKind.Array, Items: new("", ParamKind.Object, Properties: [
            new("amount", ParamKind.Integer),
            new("description", ParamKind.String),
        ])),
        new("tags", ParamKind.Array, Items: new("", ParamKind.String)),
    ];

    // ---- integers

    [Theory]
    [InlineData("count=0", 0L)]
    [InlineData("count=123", 123L)]
    [InlineData("count=-5", -5L)]
    [InlineData("count=9223372036854775807", long.MaxValue)]
    public void Integer_parses_to_a_long(string body, long expected)
    {
        Assert.Equal(expected, Coerce(body, Scalars)["count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("12abc")]
    [InlineData("99999999999999999999")]
    public void Integer_that_does_not_parse_is_parameter_invalid_integer(string value)
    {
        var error = Error($"count={value}", Scalars);
        StripeAssert.InvalidRequest(error, $"Invalid integer: {value}", "count", "parameter_invalid_integer");
    }

    [Fact]
    public void Invalid_integer_names_the_full_bracketed_param()
    {
        var error = Error("amount_requested[currency]=usd&amount_requested[value]=abc&initiated_at=1",
            StripeOperations.PostPaymentRecordsReportPayment);
        StripeAssert.InvalidRequest(error, "Invalid integer: abc", "amount_requested[value]", "parameter_invalid_integer");
    }

    [Fact]
    public void Invalid_integer_inside_an_indexed_list_names_the_element()
    {
        var error = Error("lines[0][amount]=1&lines[1][amount]=x", StripeOperations.PostInvoicesInvoiceAddLines);
        StripeAssert.InvalidRequest(error, "Invalid integer: x", "lines[1][amount]", "parameter_invalid_integer");
    }

    [Fact]
    public void Integer_given_a_hash_is_rejected_on_that_param()
    {
        var error = Error("count[x]=1", Scalars);
        Assert.Equal("count", error.Param);
        Assert.Equal("parameter_invalid_integer", error.Code);
    }

    private static readonly ParamSpec[] IntegerOrNow = [new("trial_end", ParamKind.Integer, Enum: ["now"])];

    [Fact]
    public void Integer_with_an_enum_also_takes_those_strings()
    {
        Assert.Equal(1700000000L, Coerce("trial_end=1700000000", IntegerOrNow)["trial_end"]!.GetValue<long>());
        Assert.Equal("now", Coerce("trial_end=now", IntegerOrNow)["trial_end"]!.GetValue<string>());
        var error = Error("trial_end=later", IntegerOrNow);
        StripeAssert.InvalidRequest(error, "Invalid integer: later", "trial_end", "parameter_invalid_integer");
    }

    [Fact]
    public void Generated_tables_fold_integer_or_string_unions_into_an_integer_with_an_enum()
    {
        var upTo = StripeOperations.PostPrices.Parameters.Single(p => p.Name == "tiers").Items!.Properties!
            .Single(p => p.Name == "up_to");
        Assert.Equal(ParamKind.Integer, upTo.Kind);
        Assert.Equal(["inf"], upTo.Enum);
        Assert.True(upTo.Required);
        Assert.Equal("inf", Coerce("tiers[0][up_to]=inf&tiers[0][unit_amount]=5&currency=usd",
            StripeOperations.PostPrices)["tiers"]![0]!["up_to"]!.GetValue<string>());
    }

    // ---- booleans

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    // Stripe.net before April 2025 and stripe-python send bool.ToString()/str(bool); Stripe's v1 API accepts them
    // (stripe/stripe-dotnet#3104, stripe/stripe-python#1499).
    [InlineData("True", true)]
    [InlineData("False", false)]
    public void Boolean_parses_true_and_false(string value, bool expected)
    {
        Assert.Equal(expected, Coerce($"flag={value}", Scalars)["flag"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("YES")]
    public void Boolean_rejects_other_text_with_Stripes_message(string value)
    {
        StripeAssert.InvalidRequest(Error($"flag={value}", Scalars), $"Invalid boolean: {value}", "flag");
    }

    [Fact]
    public void Boolean_given_a_hash_is_an_invalid_boolean_not_an_invalid_integer()
    {
        var error = Error("validate[x]=1", StripeOperations.PostCustomers);
        Assert.Equal("validate", error.Param);
        Assert.StartsWith("Invalid boolean: ", error.Message);
        Assert.Null(error.Code);
    }

    [Fact]
    public void Boolean_in_a_real_table_is_typed()
    {
        var values = Coerce("validate=true", StripeOperations.PostCustomers);
        Assert.True(values["validate"]!.GetValue<bool>());
    }

    // ---- numbers

    [Theory]
    [InlineData("12.5", "12.5")]
    [InlineData("-3", "-3")]
    [InlineData("0.0", "0.0")]
    public void Number_parses_to_a_decimal(string value, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Coerce($"ratio={value}", Scalars)["ratio"]!.GetValue<decimal>());
    }

    [Fact]
    public void Number_that_does_not_parse_is_an_invalid_decimal()
    {
        StripeAssert.InvalidRequest(Error("ratio=1,5", Scalars), "Invalid decimal: 1,5", "ratio");
    }

    [Fact]
    public void Number_given_a_hash_is_an_invalid_decimal()
    {
        var error = Error("ratio[x]=1", Scalars);
        Assert.Equal("ratio", error.Param);
        Assert.StartsWith("Invalid decimal: ", error.Message);
    }

    // ---- strings and enums

    [Fact]
    public void String_is_kept_verbatim()
    {
        Assert.Equal("""{"name":"Jenny Rosen"}""", Json("name=Jenny+Rosen", Scalars));
    }

    [Fact]
    public void String_given_a_hash_is_an_invalid_string()
    {
        var error = Error("email[x]=1", StripeOperations.PostCustomers);
        StripeAssert.InvalidRequest(error, "Invalid string: email", "email");
    }

    [Fact]
    public void Enum_value_in_the_list_is_accepted()
    {
        Assert.Equal("""{"mode":"b"}""", Json("mode=b", Scalars));
    }

    [Fact]
    public void Enum_error_lists_three_or_more_values_with_an_oxford_comma()
    {
        StripeAssert.InvalidRequest(Error("mode=d", Scalars), "Invalid mode: must be one of a, b, or c", "mode");
    }

    [Fact]
    public void Enum_error_lists_two_values_with_or()
    {
        StripeAssert.InvalidRequest(Error("pair=maybe", Scalars), "Invalid pair: must be one of on or off", "pair");
    }

    [Fact]
    public void Enum_error_on_real_tables()
    {
        StripeAssert.InvalidRequest(Error("tax_exempt=bogus", StripeOperations.PostCustomers),
            "Invalid tax_exempt: must be one of exempt, none, or reverse", "tax_exempt");
        StripeAssert.InvalidRequest(Error("collection_method=later", StripeOperations.PostInvoices),
            "Invalid collection_method: must be one of charge_automatically or send_invoice", "collection_method");
    }

    [Fact]
    public void Enum_error_inside_a_list_names_the_element()
    {
        var error = Error("payment_settings[payment_method_types][0]=card&payment_settings[payment_method_types][1]=cash",
            StripeOperations.PostInvoices);
        Assert.Equal("payment_settings[payment_method_types][1]", error.Param);
        // Issue 3: a refused payment method type is named in the message.
        Assert.StartsWith("Invalid payment_settings[payment_method_types][1]: 'cash' is not a valid payment method type; must be one of ach_credit_transfer, ", error.Message);
        Assert.EndsWith(", us_bank_account, or wechat_pay", error.Message);
    }

    [Fact]
    public void Enum_is_case_sensitive()
    {
        Assert.Equal("mode", Error("mode=A", Scalars).Param);
    }

    // ---- unknown parameters

    [Fact]
    public void Unknown_top_level_param_is_parameter_unknown()
    {
        var error = Error("email=a@b.co&foo=1", StripeOperations.PostCustomers);
        StripeAssert.InvalidRequest(error, "Received unknown parameter: foo", "foo", "parameter_unknown");
    }

    [Fact]
    public void Unknown_nested_param_is_named_with_its_brackets()
    {
        var error = Error("address[city]=Paris&address[foo]=1", StripeOperations.PostCustomers);
        StripeAssert.InvalidRequest(error, "Received unknown parameter: address[foo]", "address[foo]", "parameter_unknown");
    }

    [Fact]
    public void Unknown_deeply_nested_param_is_named_with_all_its_brackets()
    {
        var error = Error("invoice_settings[rendering_options][foo]=1", StripeOperations.PostCustomers);
        Assert.Equal("invoice_settings[rendering_options][foo]", error.Param);
        Assert.Equal("Received unknown parameter: invoice_settings[rendering_options][foo]", error.Message);
    }

    [Fact]
    public void Unknown_param_inside_a_list_element_is_named_with_its_index()
    {
        var error = Error("lines[0][amount]=100&lines[0][foo]=1", StripeOperations.PostInvoicesInvoiceAddLines);
        StripeAssert.InvalidRequest(error, "Received unknown parameter: lines[0][foo]", "lines[0][foo]", "parameter_unknown");

        error = Error("custom_fields[0][name]=a&custom_fields[0][value]=b&custom_fields[1][foo]=x", StripeOperations.PostInvoices);
        Assert.Equal("custom_fields[1][foo]", error.Param);
    }

    [Fact]
    public void Unknown_param_in_appended_list_form_is_named_with_its_position()
    {
        var error = Error("lines[][amount]=1&lines[][amount]=2&lines[][foo]=3", Lines);
        Assert.Equal("lines[1][foo]", error.Param);
    }

    [Fact]
    public void Param_names_are_case_sensitive()
    {
        Assert.Equal("Email", Error("Email=a@b.co", StripeOperations.PostCustomers).Param);
    }

    [Fact]
    public void Object_declared_without_properties_accepts_no_sub_keys()
    {
        var error = Error("payment_settings[payment_method_options][konbini][x]=1", StripeOperations.PostInvoices);
        Assert.Equal("payment_settings[payment_method_options][konbini][x]", error.Param);
        Assert.Equal("parameter_unknown", error.Code);
    }

    // ---- required parameters

    [Fact]
    public void Missing_required_nested_param_is_named_with_brackets_and_ends_with_a_period()
    {
        var error = Error("amount_requested[value]=100&initiated_at=1&payment_method_details[type]=custom",
            StripeOperations.PostPaymentRecordsReportPayment);
        StripeAssert.InvalidRequest(error, "Missing required param: amount_requested[currency].",
            "amount_requested[currency]", "parameter_missing");
    }

    [Fact]
    public void Missing_required_top_level_param_is_reported_in_spec_order()
    {
        var error = Error("", StripeOperations.PostPaymentRecordsReportPayment);
        StripeAssert.InvalidRequest(error, "Missing required param: amount_requested.", "amount_requested", "parameter_missing");

        error = Error("amount_requested[currency]=usd&amount_requested[value]=1", StripeOperations.PostPaymentRecordsReportPayment);
        Assert.Equal("initiated_at", error.Param);
    }

    [Fact]
    public void Missing_required_param_inside_a_list_element_names_the_element()
    {
        var error = Error("custom_fields[0][name]=a&custom_fields[0][value]=b&custom_fields[1][name]=c", StripeOperations.PostInvoices);
        StripeAssert.InvalidRequest(error, "Missing required param: custom_fields[1][value].",
            "custom_fields[1][value]", "parameter_missing");
    }

    [Fact]
    public void Required_list_must_be_present()
    {
        var error = Error("expand[0]=invoice", StripeOperations.PostInvoicesInvoiceAddLines);
        Assert.Equal("Missing required param: lines.", error.Message);
    }

    [Fact]
    public void Complete_report_payment_body_coerces_to_typed_json()
    {
        var values = Coerce(
            "amount_requested[currency]=usd&amount_requested[value]=1000&initiated_at=1730000000" +
            "&payment_method_details[custom][display_name]=Wire&payment_method_details[type]=custom" +
            "&customer_details[customer]=cus_123&outcome=guaranteed&guaranteed[guaranteed_at]=1730000100" +
            "&processor_details[type]=custom&processor_details[custom][payment_reference]=ref_1" +
            "&metadata[order]=6735",
            StripeOperations.PostPaymentRecordsReportPayment);
        Assert.Equal(
            """{"amount_requested":{"currency":"usd","value":1000},"initiated_at":1730000000""" +
            ""","payment_method_details":{"custom":{"display_name":"Wire"},"type":"custom"}""" +
            ""","customer_details":{"customer":"cus_123"},"outcome":"guaranteed","guaranteed":{"guaranteed_at":1730000100}""" +
            ""","processor_details":{"type":"custom","custom":{"payment_reference":"ref_1"}},"metadata":{"order":"6735"}}""",
            values.ToJsonString());
    }

    [Fact]
    public void Unknown_param_is_reported_before_a_missing_one()
    {
        Assert.Equal("parameter_unknown", Error("foo=1", StripeOperations.PostPaymentRecordsReportPayment).Code);
    }

    // ---- empty strings

    [Fact]
    public void Empty_string_where_not_allowed_is_parameter_invalid_empty_with_Stripes_text()
    {
        var error = Error("description=", StripeOperations.PostCustomers);
        StripeAssert.InvalidRequest(error,
            "You passed an empty string for 'description'. We assume empty values are an attempt to unset a parameter; " +
            "however 'description' cannot be unset. You should remove 'description' from your request or supply a non-empty value.",
            "description", "parameter_invalid_empty");
    }

    [Fact]
    public void Empty_string_for_a_nested_param_names_it_with_brackets()
    {
        var error = Error("invoice_settings[footer]=", StripeOperations.PostCustomers);
        Assert.Equal("invoice_settings[footer]", error.Param);
        Assert.Equal("parameter_invalid_empty", error.Code);
        Assert.Contains("'invoice_settings[footer]' cannot be unset", error.Message);
    }

    [Theory]
    [InlineData("balance=")]
    [InlineData("validate=")]
    [InlineData("expand=")]
    [InlineData("cash_balance=")]
    public void Empty_string_for_typed_params_without_allow_empty_is_rejected(string body)
    {
        Assert.Equal("parameter_invalid_empty", Error(body, StripeOperations.PostCustomers).Code);
    }

    [Fact]
    public void Empty_list_element_is_rejected_on_that_element()
    {
        var error = Error("expand[0]=customer&expand[1]=", StripeOperations.PostInvoices);
        Assert.Equal("expand[1]", error.Param);
        Assert.Equal("parameter_invalid_empty", error.Code);
    }

    [Theory]
    [InlineData("business_name=", """{"business_name":""}""")]
    [InlineData("address=", """{"address":""}""")]
    [InlineData("shipping=", """{"shipping":""}""")]
    [InlineData("metadata=", """{"metadata":""}""")]
    [InlineData("tax_exempt=", """{"tax_exempt":""}""")]
    [InlineData("invoice_settings[custom_fields]=", """{"invoice_settings":{"custom_fields":""}}""")]
    public void Empty_string_where_allowed_is_kept_as_an_empty_string(string body, string expected)
    {
        Assert.Equal(expected, Json(body, StripeOperations.PostCustomers));
    }

    [Fact]
    public void Empty_string_skips_the_enum_check_where_allowed()
    {
        Assert.Equal("""{"note":""}""", Json("note=", Scalars));
        Assert.Equal("""{"rendering":{"amount_tax_display":""}}""",
            Json("rendering[amount_tax_display]=", StripeOperations.PostInvoices));
    }

    [Fact]
    public void Empty_string_for_a_required_param_is_still_rejected()
    {
        var error = Error("amount_requested[currency]=&amount_requested[value]=1", StripeOperations.PostPaymentRecordsReportPayment);
        Assert.Equal("amount_requested[currency]", error.Param);
        Assert.Equal("parameter_invalid_empty", error.Code);
    }

    // ---- arrays

    [Fact]
    public void Indexed_list_of_objects_becomes_a_json_array()
    {
        Assert.Equal("""{"lines":[{"amount":100,"description":"x"},{"amount":-5}]}""",
            Json("lines[0][amount]=100&lines[0][description]=x&lines[1][amount]=-5", Lines));
    }

    [Fact]
    public void Indexed_list_on_a_real_table()
    {
        Assert.Equal("""{"lines":[{"amount":100,"description":"x"},{"amount":-5}]}""",
            Json("lines[0][amount]=100&lines[0][description]=x&lines[1][amount]=-5", StripeOperations.PostInvoicesInvoiceAddLines));
    }

    [Fact]
    public void Indexed_list_comes_out_in_index_order_not_arrival_order()
    {
        Assert.Equal("""{"tags":["zero","one","two"]}""", Json("tags[0]=zero&tags[2]=two&tags[1]=one", Lines));
        Assert.Equal("""{"tags":["a","b","c","d","e","f","g","h","i","j","k"]}""",
            Json("tags[10]=k&tags[9]=j&tags[8]=i&tags[7]=h&tags[6]=g&tags[5]=f&tags[4]=e&tags[3]=d&tags[2]=c&tags[1]=b&tags[0]=a", Lines));
    }

    [Fact]
    public void Appended_list_becomes_a_json_array()
    {
        Assert.Equal("""{"tags":["a","b"]}""", Json("tags[]=a&tags[]=b", Lines));
        Assert.Equal("""{"lines":[{"amount":1,"description":"x"},{"amount":2}]}""",
            Json("lines[][amount]=1&lines[][description]=x&lines[][amount]=2", Lines));
    }

    [Fact]
    public void Expand_as_the_sdks_send_it_becomes_a_string_array()
    {
        Assert.Equal("""{"expand":["customer","data.invoice"]}""",
            Json("expand[0]=customer&expand[1]=data.invoice", StripeOperations.GetCustomers));
    }

    [Fact]
    public void List_with_a_non_numeric_index_is_an_invalid_array()
    {
        StripeAssert.InvalidRequest(Error("tags[0]=a&tags[x]=b", Lines), "Invalid array", "tags");
    }

    [Fact]
    public void List_given_a_scalar_is_an_invalid_array()
    {
        StripeAssert.InvalidRequest(Error("tags=a", Lines), "Invalid array", "tags");
    }

    [Fact]
    public void List_of_objects_given_scalars_is_an_invalid_hash_on_the_element()
    {
        StripeAssert.InvalidRequest(Error("lines[0]=a", Lines), "Invalid hash", "lines[0]");
    }

    // ---- integer-or-range filters

    [Fact]
    public void Created_as_a_plain_integer_is_accepted()
    {
        Assert.Equal("""{"created":123}""", Json("created=123", StripeOperations.GetCustomers));
    }

    [Fact]
    public void Created_as_a_range_is_accepted()
    {
        Assert.Equal("""{"created":{"gte":1,"lt":5}}""", Json("created[gte]=1&created[lt]=5", StripeOperations.GetCustomers));
    }

    [Fact]
    public void Created_that_is_neither_integer_nor_range_is_rejected()
    {
        StripeAssert.InvalidRequest(Error("created=yesterday", StripeOperations.GetCustomers),
            "Invalid integer: yesterday", "created", "parameter_invalid_integer");
        StripeAssert.InvalidRequest(Error("created[gte]=x", StripeOperations.GetCustomers),
            "Invalid integer: x", "created[gte]", "parameter_invalid_integer");
        StripeAssert.InvalidRequest(Error("created[since]=1", StripeOperations.GetCustomers),
            "Received unknown parameter: created[since]", "created[since]", "parameter_unknown");
    }

    [Fact]
    public void List_query_parameters_coerce_together()
    {
        Assert.Equal("""{"limit":3,"starting_after":"cus_1","email":"a@b.co"}""",
            Json("limit=3&starting_after=cus_1&email=a@b.co", StripeOperations.GetCustomers));
        StripeAssert.InvalidRequest(Error("limit=ten", StripeOperations.GetCustomers),
            "Invalid integer: ten", "limit", "parameter_invalid_integer");
    }

    // ---- metadata

    private static string ManyKeys(int count) =>
        string.Join("&", Enumerable.Range(0, count).Select(i => $"metadata[k{i}]=v"));

    [Fact]
    public void Metadata_is_a_string_map()
    {
        Assert.Equal("""{"metadata":{"order_id":"6735","n":"1"}}""",
            Json("metadata[order_id]=6735&metadata[n]=1", StripeOperations.PostCustomers));
    }

    [Fact]
    public void Metadata_empty_value_is_kept_to_remove_the_key()
    {
        Assert.Equal("""{"metadata":{"gone":""}}""", Json("metadata[gone]=", StripeOperations.PostCustomers));
    }

    [Fact]
    public void Metadata_with_50_keys_is_accepted_and_51_rejected()
    {
        Assert.Equal(50, Coerce(ManyKeys(50), StripeOperations.PostCustomers)["metadata"]!.AsObject().Count);
        StripeAssert.InvalidRequest(Error(ManyKeys(51), StripeOperations.PostCustomers),
            "Invalid metadata: metadata cannot have more than 50 keys", "metadata");
    }

    [Fact]
    public void Metadata_key_of_40_chars_is_accepted_and_41_rejected()
    {
        var ok = new string('k', 40);
        Assert.True(Coerce($"metadata[{ok}]=v", StripeOperations.PostCustomers)["metadata"]!.AsObject().ContainsKey(ok));
        var tooLong = new string('k', 41);
        StripeAssert.InvalidRequest(Error($"metadata[{tooLong}]=v", StripeOperations.PostCustomers),
            "Invalid metadata: metadata keys must be at most 40 characters long", $"metadata[{tooLong}]");
    }

    [Fact]
    public void Metadata_value_of_500_chars_is_accepted_and_501_rejected()
    {
        Assert.Equal(500, Coerce($"metadata[k]={new string('v', 500)}", StripeOperations.PostCustomers)["metadata"]!["k"]!.GetValue<string>().Length);
        StripeAssert.InvalidRequest(Error($"metadata[k]={new string('v', 501)}", StripeOperations.PostCustomers),
            "Invalid metadata: metadata values must be at most 500 characters long", "metadata[k]");
    }

    [Fact]
    public void Metadata_value_that_is_a_hash_is_rejected()
    {
        Assert.Equal("metadata[a]", Error("metadata[a][b]=1", StripeOperations.PostCustomers).Param);
    }

    [Fact]
    public void Metadata_given_a_scalar_is_an_invalid_hash()
    {
        StripeAssert.InvalidRequest(Error("metadata=x", StripeOperations.PostInvoices), "Invalid hash", "metadata");
    }

    // ---- nested objects

    [Fact]
    public void Nested_object_coerces_its_properties()
    {
        Assert.Equal("""{"shipping":{"name":"J","address":{"city":"Paris","line1":"1 rue"}}}""",
            Json("shipping[name]=J&shipping[address][city]=Paris&shipping[address][line1]=1+rue", StripeOperations.PostCustomers));
    }

    [Fact]
    public void Nested_object_given_a_scalar_is_an_invalid_hash()
    {
        StripeAssert.InvalidRequest(Error("address=10 Downing St", StripeOperations.PostCustomers), "Invalid hash", "address");
        StripeAssert.InvalidRequest(Error("shipping[name]=J&shipping[address]=x", StripeOperations.PostCustomers),
            "Invalid hash", "shipping[address]");
    }

    [Fact]
    public void Nested_object_given_a_list_is_an_invalid_hash()
    {
        StripeAssert.InvalidRequest(Error("address[]=x", StripeOperations.PostCustomers), "Invalid hash", "address");
    }

    [Fact]
    public void Stripe_net_invoice_create_body_coerces()
    {
        var values = Coerce(
            "auto_advance=false&collection_method=send_invoice&customer=cus_123&days_until_due=30" +
            "&expand[0]=customer&metadata[order]=6735&custom_fields[0][name]=PO&custom_fields[0][value]=42",
            StripeOperations.PostInvoices);
        Assert.Equal(
            """{"auto_advance":false,"collection_method":"send_invoice","customer":"cus_123","days_until_due":30""" +
            ""","expand":["customer"],"metadata":{"order":"6735"},"custom_fields":[{"name":"PO","value":"42"}]}""",
            values.ToJsonString());
    }
}
