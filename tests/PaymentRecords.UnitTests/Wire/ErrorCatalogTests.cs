using System.Text.RegularExpressions;
using PaymentRecords.Api.Hosting;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.Wire;

public partial class ErrorCatalogTests
{
    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    public static TheoryData<string> RowKeys()
    {
        var data = new TheoryData<string>();
        foreach (var row in PaymentRecordsApp.ErrorRows) data.Add(row.Key);
        return data;
    }

    private static ErrorRow Row(string key) => PaymentRecordsApp.ErrorRows.Single(r => r.Key == key);

    [Theory]
    [MemberData(nameof(RowKeys))]
    public void Every_row_renders_with_its_status_type_and_code_and_no_placeholder_left(string key)
    {
        var row = Row(key);
        var argCount = Placeholder().Matches(row.Template).Select(m => int.Parse(m.Groups[1].Value) + 1).DefaultIfEmpty(0).Max();
        var args = Enumerable.Range(0, argCount).Select(i => (object)$"sample{i}").ToArray();

        var error = row.Make("some_param", args);

        Assert.Equal(row.Status, error.Status);
        Assert.Equal(row.Type, error.Type);
        Assert.Equal(row.Code, error.Code);
        Assert.Equal("some_param", error.Param);
        Assert.DoesNotMatch(Placeholder(), error.Message);
        Assert.DoesNotContain("{", error.Message);
        for (var i = 0; i < argCount; i++) Assert.Contains($"sample{i}", error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [MemberData(nameof(RowKeys))]
    public void Every_row_has_a_Stripe_error_type_and_an_error_status(string key)
    {
        var row = Row(key);
        Assert.Contains(row.Type, new[] { "api_error", "card_error", "idempotency_error", "invalid_request_error" });
        Assert.InRange(row.Status, 400, 599);
        Assert.Equal(row.Type == "api_error", row.Status >= 500);
        if (row.Code is not null) Assert.Matches("^[a-z_]+$", row.Code);
    }

    [Fact]
    public void Row_keys_are_unique_and_the_table_is_not_empty()
    {
        Assert.NotEmpty(PaymentRecordsApp.ErrorRows);
        Assert.Equal(PaymentRecordsApp.ErrorRows.Count, PaymentRecordsApp.ErrorRows.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public void Unknown_key_is_a_programming_error()
    {
        Assert.Throws<KeyNotFoundException>(() => ErrorCatalog.Make("no_such_row", null));
    }

    [Fact]
    public void Parameter_unknown_exact_text()
    {
        var error = ErrorCatalog.UnknownParameter("address[foo]");
        StripeAssert.InvalidRequest(error, "Received unknown parameter: address[foo]", "address[foo]", "parameter_unknown");
        Assert.Equal("https://stripe.com/docs/error-codes/parameter-unknown", error.DocUrl);
    }

    [Fact]
    public void Parameter_missing_exact_text()
    {
        var error = ErrorCatalog.MissingParameter("amount_requested[currency]");
        StripeAssert.InvalidRequest(error, "Missing required param: amount_requested[currency].", "amount_requested[currency]", "parameter_missing");
        Assert.Equal("https://stripe.com/docs/error-codes/parameter-missing", error.DocUrl);
    }

    [Fact]
    public void Parameter_invalid_empty_exact_text()
    {
        var error = ErrorCatalog.EmptyString("description");
        StripeAssert.InvalidRequest(error,
            "You passed an empty string for 'description'. We assume empty values are an attempt to unset a parameter; " +
            "however 'description' cannot be unset. You should remove 'description' from your request or supply a non-empty value.",
            "description", "parameter_invalid_empty");
    }

    [Fact]
    public void Resource_missing_exact_text()
    {
        var error = ErrorCatalog.NoSuch("customer", "cus_x", "customer");
        Assert.Equal(404, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("resource_missing", error.Code);
        Assert.Equal("No such customer: 'cus_x'", error.Message);
        Assert.Equal("customer", error.Param);
        Assert.Equal("https://stripe.com/docs/error-codes/resource-missing", error.DocUrl);
    }

    [Fact]
    public void Invalid_integer_exact_text()
    {
        StripeAssert.InvalidRequest(ErrorCatalog.InvalidInteger("amount", "abc"), "Invalid integer: abc", "amount", "parameter_invalid_integer");
    }

    [Fact]
    public void Invalid_enum_exact_text()
    {
        StripeAssert.InvalidRequest(ErrorCatalog.InvalidEnum("tax_exempt", ["exempt", "none", "reverse"]),
            "Invalid tax_exempt: must be one of exempt, none, or reverse", "tax_exempt");
    }

    [Fact]
    public void Invalid_api_key_exact_text()
    {
        var error = ErrorCatalog.InvalidApiKey("sk_live_****1234");
        Assert.Equal(401, error.Status);
        Assert.Null(error.Code); // Stripe sends no code for a bad key, only type and message.
        Assert.Equal("Invalid API Key provided: sk_live_****1234", error.Message);
        Assert.Null(error.Param);
    }

    [Fact]
    public void Unrecognized_url_exact_text()
    {
        var error = ErrorCatalog.UnrecognizedUrl("GET", "/v1/nope");
        Assert.Equal(404, error.Status);
        Assert.Equal("Unrecognized request URL (GET: /v1/nope). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", error.Message);
    }

    [Fact]
    public void Idempotency_errors_name_the_key()
    {
        var mismatch = ErrorCatalog.IdempotencyMismatch("k1");
        Assert.Equal("idempotency_error", mismatch.Type);
        Assert.Contains("'k1'", mismatch.Message);
        var inUse = ErrorCatalog.IdempotencyInUse("k2");
        Assert.Equal(409, inUse.Status);
        Assert.Equal("idempotency_key_in_use", inUse.Code);
        Assert.Contains("'k2'", inUse.Message);
    }

    /// <summary>Recorded against Stripe: the status filters list their values in Stripe's own order.</summary>
    [Fact]
    public void Status_enums_are_listed_in_stripes_order()
    {
        Assert.Equal("Invalid status: must be one of draft, open, void, paid, or uncollectible",
            ErrorCatalog.InvalidEnum("status", ["draft", "open", "paid", "uncollectible", "void"]).Message);
        Assert.Equal("Invalid status: must be one of active, past_due, unpaid, canceled, incomplete, incomplete_expired, trialing, paused, all, or ended",
            ErrorCatalog.InvalidEnum("status", ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"]).Message);
        Assert.Equal("Invalid x: must be one of b, a, or c", ErrorCatalog.InvalidEnum("x", ["b", "a", "c"]).Message);
    }

    [Fact]
    public void Exclusive_lists_the_parameters()
    {
        var error = ErrorCatalog.Exclusive("amount", "quantity");
        Assert.Equal("You may only specify one of these parameters: amount, quantity.", error.Message);
        Assert.Equal("parameters_exclusive", error.Code);
        Assert.Equal("amount", error.Param);
        var nested = ErrorCatalog.Exclusive("lines[0][amount]", "lines[0][quantity]");
        Assert.Equal("You may only specify one of these parameters: amount, quantity.", nested.Message);
        Assert.Equal("lines[0][amount]", nested.Param);
    }

    [Fact]
    public void Parameter_shape_errors_are_marked_so_idempotency_stores_nothing_for_them()
    {
        Assert.True(ErrorCatalog.MissingParameter("customer").IsParameterError);
        Assert.True(ErrorCatalog.UnknownParameter("x").IsParameterError);
        Assert.True(ErrorCatalog.InvalidInteger("amount", "x").IsParameterError);
        Assert.False(ErrorCatalog.NoSuch("customer", "cus_x", "customer").IsParameterError);
        Assert.False(InvoiceErrors.InvoiceAlreadyPaid().IsParameterError);
        // The column is the one answer: every row's errors carry it.
        Assert.All(PaymentRecordsApp.ErrorRows, r => Assert.Equal(r.IsParameterError, r.Make(null, Enumerable.Repeat<object>("x", 8).ToArray()).IsParameterError));
        Assert.True(InvoiceErrors.SendInvoiceOnly().IsParameterError);
    }

    [Theory]
    [InlineData("parameter_unknown", "https://stripe.com/docs/error-codes/parameter-unknown")]
    [InlineData("resource_missing", "https://stripe.com/docs/error-codes/resource-missing")]
    [InlineData("parameter_invalid_integer", "https://stripe.com/docs/error-codes/parameter-invalid-integer")]
    [InlineData("api_key_invalid", "https://stripe.com/docs/error-codes/api-key-invalid")]
    public void Doc_url_replaces_underscores_with_hyphens(string code, string url)
    {
        Assert.Equal(url, new StripeError(400, "invalid_request_error", code, "m").DocUrl);
    }

    [Fact]
    public void Doc_url_is_absent_without_a_code()
    {
        Assert.Null(ErrorCatalog.InvalidHash("address").DocUrl);
    }

    [Fact]
    public void ToJson_writes_the_envelope_and_omits_absent_fields()
    {
        Assert.Equal(
            """{"error":{"code":"parameter_unknown","doc_url":"https://stripe.com/docs/error-codes/parameter-unknown","message":"Received unknown parameter: foo","param":"foo","type":"invalid_request_error"}}""",
            ErrorCatalog.UnknownParameter("foo").ToJson().ToJsonString());
        Assert.Equal(
            """{"error":{"message":"Invalid hash","param":"address","type":"invalid_request_error"}}""",
            ErrorCatalog.InvalidHash("address").ToJson().ToJsonString());
    }

    [Fact]
    public void StripeException_carries_the_error_and_its_message()
    {
        var error = ErrorCatalog.MissingApiKey();
        var exception = new StripeException(error);
        Assert.Same(error, exception.Error);
        Assert.Equal(error.Message, exception.Message);
    }

    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "a" }, "a")]
    [InlineData(new[] { "a", "b" }, "a or b")]
    [InlineData(new[] { "a", "b", "c" }, "a, b, or c")]
    [InlineData(new[] { "a", "b", "c", "d" }, "a, b, c, or d")]
    public void JoinAlternatives_lists_values_the_way_Stripe_does(string[] values, string expected)
    {
        Assert.Equal(expected, ErrorCatalog.JoinAlternatives(values));
    }
}
