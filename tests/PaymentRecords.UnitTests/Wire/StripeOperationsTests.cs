using System.Reflection;
using System.Text;
using System.Text.Json;
using PaymentRecords.Api.Wire.Spec;

namespace PaymentRecords.UnitTests.Wire;

public class StripeOperationsTests
{
    /// <summary>
    /// Every operation of spec/spec3.subset.json, in spec order (paths sorted): the generated field name, method and
    /// path. The spec holds 88 paths and 127 operations: the 43 invoicing operations (8 credit note, 5 customer,
    /// 2 event, 2 invoice payment, 5 invoice item, 13 invoice, 8 payment record) plus create_preview, the invoice line
    /// edits (update_lines, remove_lines, a line's update), the customer's balance transaction create and update (2), the
    /// customer's payment methods (2), the searches of customers, invoices, subscriptions, prices and products (5), billing (24), coupons (5), payment methods
    /// (6), prices (4), products (9), subscriptions (8),
    /// subscription items (5), test clocks (5) and webhook endpoints (5).
    /// </summary>
    private static readonly (string Name, string Method, string Path)[] Expected =
    [
        ("PostBillingAlerts", "POST", "/v1/billing/alerts"),
        ("GetBillingAlerts", "GET", "/v1/billing/alerts"),
        ("GetBillingAlertsId", "GET", "/v1/billing/alerts/{id}"),
        ("PostBillingAlertsIdActivate", "POST", "/v1/billing/alerts/{id}/activate"),
        ("PostBillingAlertsIdArchive", "POST", "/v1/billing/alerts/{id}/archive"),
        ("PostBillingAlertsIdDeactivate", "POST", "/v1/billing/alerts/{id}/deactivate"),
        ("GetBillingCreditBalanceSummary", "GET", "/v1/billing/credit_balance_summary"),
        ("GetBillingCreditBalanceTransactions", "GET", "/v1/billing/credit_balance_transactions"),
        ("GetBillingCreditBalanceTransactionsId", "GET", "/v1/billing/credit_balance_transactions/{id}"),
        ("PostBillingCreditGrants", "POST", "/v1/billing/credit_grants"),
        ("GetBillingCreditGrants", "GET", "/v1/billing/credit_grants"),
        ("GetBillingCreditGrantsId", "GET", "/v1/billing/credit_grants/{id}"),
        ("PostBillingCreditGrantsId", "POST", "/v1/billing/credit_grants/{id}"),
        ("PostBillingCreditGrantsIdExpire", "POST", "/v1/billing/credit_grants/{id}/expire"),
        ("PostBillingCreditGrantsIdVoid", "POST", "/v1/billing/credit_grants/{id}/void"),
        ("PostBillingMeterEventAdjustments", "POST", "/v1/billing/meter_event_adjustments"),
        ("PostBillingMeterEvents", "POST", "/v1/billing/meter_events"),
        ("PostBillingMeters", "POST", "/v1/billing/meters"),
        ("GetBillingMeters", "GET", "/v1/billing/meters"),
        ("GetBillingMetersId", "GET", "/v1/billing/meters/{id}"),
        ("PostBillingMetersId", "POST", "/v1/billing/meters/{id}"),
        ("PostBillingMetersIdDeactivate", "POST", "/v1/billing/meters/{id}/deactivate"),
        ("GetBillingMetersIdEventSummaries", "GET", "/v1/billing/meters/{id}/event_summaries"),
        ("PostBillingMetersIdReactivate", "POST", "/v1/billing/meters/{id}/reactivate"),
        ("PostCoupons", "POST", "/v1/coupons"),
        ("GetCoupons", "GET", "/v1/coupons"),
        ("GetCouponsCoupon", "GET", "/v1/coupons/{coupon}"),
        ("PostCouponsCoupon", "POST", "/v1/coupons/{coupon}"),
        ("DeleteCouponsCoupon", "DELETE", "/v1/coupons/{coupon}"),
        ("PostCreditNotes", "POST", "/v1/credit_notes"),
        ("GetCreditNotes", "GET", "/v1/credit_notes"),
        ("GetCreditNotesPreview", "GET", "/v1/credit_notes/preview"),
        ("GetCreditNotesPreviewLines", "GET", "/v1/credit_notes/preview/lines"),
        ("GetCreditNotesCreditNoteLines", "GET", "/v1/credit_notes/{credit_note}/lines"),
        ("GetCreditNotesId", "GET", "/v1/credit_notes/{id}"),
        ("PostCreditNotesId", "POST", "/v1/credit_notes/{id}"),
        ("PostCreditNotesIdVoid", "POST", "/v1/credit_notes/{id}/void"),
        ("PostCustomers", "POST", "/v1/customers"),
        ("GetCustomers", "GET", "/v1/customers"),
        ("GetCustomersSearch", "GET", "/v1/customers/search"),
        ("GetCustomersCustomer", "GET", "/v1/customers/{customer}"),
        ("PostCustomersCustomer", "POST", "/v1/customers/{customer}"),
        ("DeleteCustomersCustomer", "DELETE", "/v1/customers/{customer}"),
        ("PostCustomersCustomerBalanceTransactions", "POST", "/v1/customers/{customer}/balance_transactions"),
        ("PostCustomersCustomerBalanceTransactionsTransaction", "POST", "/v1/customers/{customer}/balance_transactions/{transaction}"),
        ("GetCustomersCustomerPaymentMethods", "GET", "/v1/customers/{customer}/payment_methods"),
        ("GetCustomersCustomerPaymentMethodsPaymentMethod", "GET", "/v1/customers/{customer}/payment_methods/{payment_method}"),
        ("GetEvents", "GET", "/v1/events"),
        ("GetEventsId", "GET", "/v1/events/{id}"),
        ("GetInvoicePayments", "GET", "/v1/invoice_payments"),
        ("GetInvoicePaymentsInvoicePayment", "GET", "/v1/invoice_payments/{invoice_payment}"),
        ("PostInvoiceitems", "POST", "/v1/invoiceitems"),
        ("GetInvoiceitems", "GET", "/v1/invoiceitems"),
        ("GetInvoiceitemsInvoiceitem", "GET", "/v1/invoiceitems/{invoiceitem}"),
        ("PostInvoiceitemsInvoiceitem", "POST", "/v1/invoiceitems/{invoiceitem}"),
        ("DeleteInvoiceitemsInvoiceitem", "DELETE", "/v1/invoiceitems/{invoiceitem}"),
        ("PostInvoices", "POST", "/v1/invoices"),
        ("GetInvoices", "GET", "/v1/invoices"),
        ("PostInvoicesCreatePreview", "POST", "/v1/invoices/create_preview"),
        ("GetInvoicesSearch", "GET", "/v1/invoices/search"),
        ("GetInvoicesInvoice", "GET", "/v1/invoices/{invoice}"),
        ("PostInvoicesInvoice", "POST", "/v1/invoices/{invoice}"),
        ("DeleteInvoicesInvoice", "DELETE", "/v1/invoices/{invoice}"),
        ("PostInvoicesInvoiceAddLines", "POST", "/v1/invoices/{invoice}/add_lines"),
        ("PostInvoicesInvoiceAttachPayment", "POST", "/v1/invoices/{invoice}/attach_payment"),
        ("PostInvoicesInvoiceFinalize", "POST", "/v1/invoices/{invoice}/finalize"),
        ("GetInvoicesInvoiceLines", "GET", "/v1/invoices/{invoice}/lines"),
        ("PostInvoicesInvoiceLinesLineItemId", "POST", "/v1/invoices/{invoice}/lines/{line_item_id}"),
        ("PostInvoicesInvoiceMarkUncollectible", "POST", "/v1/invoices/{invoice}/mark_uncollectible"),
        ("PostInvoicesInvoicePay", "POST", "/v1/invoices/{invoice}/pay"),
        ("PostInvoicesInvoiceRemoveLines", "POST", "/v1/invoices/{invoice}/remove_lines"),
        ("PostInvoicesInvoiceSend", "POST", "/v1/invoices/{invoice}/send"),
        ("PostInvoicesInvoiceUpdateLines", "POST", "/v1/invoices/{invoice}/update_lines"),
        ("PostInvoicesInvoiceVoid", "POST", "/v1/invoices/{invoice}/void"),
        ("PostPaymentMethods", "POST", "/v1/payment_methods"),
        ("GetPaymentMethods", "GET", "/v1/payment_methods"),
        ("GetPaymentMethodsPaymentMethod", "GET", "/v1/payment_methods/{payment_method}"),
        ("PostPaymentMethodsPaymentMethod", "POST", "/v1/payment_methods/{payment_method}"),
        ("PostPaymentMethodsPaymentMethodAttach", "POST", "/v1/payment_methods/{payment_method}/attach"),
        ("PostPaymentMethodsPaymentMethodDetach", "POST", "/v1/payment_methods/{payment_method}/detach"),
        ("PostPaymentRecordsReportPayment", "POST", "/v1/payment_records/report_payment"),
        ("GetPaymentRecordsId", "GET", "/v1/payment_records/{id}"),
        ("PostPaymentRecordsIdReportPaymentAttempt", "POST", "/v1/payment_records/{id}/report_payment_attempt"),
        ("PostPaymentRecordsIdReportPaymentAttemptCanceled", "POST", "/v1/payment_records/{id}/report_payment_attempt_canceled"),
        ("PostPaymentRecordsIdReportPaymentAttemptFailed", "POST", "/v1/payment_records/{id}/report_payment_attempt_failed"),
        ("PostPaymentRecordsIdReportPaymentAttemptGuaranteed", "POST", "/v1/payment_records/{id}/report_payment_attempt_guaranteed"),
        ("PostPaymentRecordsIdReportPaymentAttemptInformational", "POST", "/v1/payment_records/{id}/report_payment_attempt_informational"),
        ("PostPaymentRecordsIdReportRefund", "POST", "/v1/payment_records/{id}/report_refund"),
        ("PostPrices", "POST", "/v1/prices"),
        ("GetPrices", "GET", "/v1/prices"),
        ("GetPricesSearch", "GET", "/v1/prices/search"),
        ("GetPricesPrice", "GET", "/v1/prices/{price}"),
        ("PostPricesPrice", "POST", "/v1/prices/{price}"),
        ("PostProducts", "POST", "/v1/products"),
        ("GetProducts", "GET", "/v1/products"),
        ("GetProductsSearch", "GET", "/v1/products/search"),
        ("GetProductsId", "GET", "/v1/products/{id}"),
        ("PostProductsId", "POST", "/v1/products/{id}"),
        ("DeleteProductsId", "DELETE", "/v1/products/{id}"),
        ("PostProductsProductFeatures", "POST", "/v1/products/{product}/features"),
        ("GetProductsProductFeatures", "GET", "/v1/products/{product}/features"),
        ("DeleteProductsProductFeaturesId", "DELETE", "/v1/products/{product}/features/{id}"),
        ("GetProductsProductFeaturesId", "GET", "/v1/products/{product}/features/{id}"),
        ("PostSubscriptionItems", "POST", "/v1/subscription_items"),
        ("GetSubscriptionItems", "GET", "/v1/subscription_items"),
        ("GetSubscriptionItemsItem", "GET", "/v1/subscription_items/{item}"),
        ("PostSubscriptionItemsItem", "POST", "/v1/subscription_items/{item}"),
        ("DeleteSubscriptionItemsItem", "DELETE", "/v1/subscription_items/{item}"),
        ("PostSubscriptions", "POST", "/v1/subscriptions"),
        ("GetSubscriptions", "GET", "/v1/subscriptions"),
        ("GetSubscriptionsSearch", "GET", "/v1/subscriptions/search"),
        ("GetSubscriptionsSubscriptionExposedId", "GET", "/v1/subscriptions/{subscription_exposed_id}"),
        ("PostSubscriptionsSubscriptionExposedId", "POST", "/v1/subscriptions/{subscription_exposed_id}"),
        ("DeleteSubscriptionsSubscriptionExposedId", "DELETE", "/v1/subscriptions/{subscription_exposed_id}"),
        ("DeleteSubscriptionsSubscriptionExposedIdDiscount", "DELETE", "/v1/subscriptions/{subscription_exposed_id}/discount"),
        ("PostSubscriptionsSubscriptionMigrate", "POST", "/v1/subscriptions/{subscription}/migrate"),
        ("PostSubscriptionsSubscriptionResume", "POST", "/v1/subscriptions/{subscription}/resume"),
        ("PostTestHelpersTestClocks", "POST", "/v1/test_helpers/test_clocks"),
        ("GetTestHelpersTestClocks", "GET", "/v1/test_helpers/test_clocks"),
        ("GetTestHelpersTestClocksTestClock", "GET", "/v1/test_helpers/test_clocks/{test_clock}"),
        ("DeleteTestHelpersTestClocksTestClock", "DELETE", "/v1/test_helpers/test_clocks/{test_clock}"),
        ("PostTestHelpersTestClocksTestClockAdvance", "POST", "/v1/test_helpers/test_clocks/{test_clock}/advance"),
        ("PostWebhookEndpoints", "POST", "/v1/webhook_endpoints"),
        ("GetWebhookEndpoints", "GET", "/v1/webhook_endpoints"),
        ("GetWebhookEndpointsWebhookEndpoint", "GET", "/v1/webhook_endpoints/{webhook_endpoint}"),
        ("PostWebhookEndpointsWebhookEndpoint", "POST", "/v1/webhook_endpoints/{webhook_endpoint}"),
        ("DeleteWebhookEndpointsWebhookEndpoint", "DELETE", "/v1/webhook_endpoints/{webhook_endpoint}"),
    ];

    // ------------------------------------------------------------------ (a) the operation table

    [Fact]
    public void All_HoldsEveryOperationOfTheSpec_InSpecOrder()
    {
        Assert.Equal(127, StripeOperations.All.Count);
        Assert.Equal(
            Expected.Select(e => (e.Method, e.Path)),
            StripeOperations.All.Select(o => (o.Method, o.Path)));
    }

    [Fact]
    public void Fields_AreNamedAfterTheOperationIds()
    {
        var fields = typeof(StripeOperations)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(OperationSpec))
            .ToDictionary(f => f.Name, f => (OperationSpec)f.GetValue(null)!);

        Assert.Equal(Expected.Length, fields.Count);
        foreach (var (name, method, path) in Expected)
        {
            Assert.True(fields.TryGetValue(name, out var op), $"no field {name}");
            Assert.Equal((method, path), (op.Method, op.Path));
            Assert.Same(op, StripeOperations.Find(method, path));
        }
    }

    [Fact]
    public void Find_MatchesMethodInAnyCase_AndPathTemplatesExactly()
    {
        Assert.Same(StripeOperations.GetCustomersCustomer, StripeOperations.Find("get", "/v1/customers/{customer}"));
        Assert.Same(StripeOperations.PostCustomersCustomer, StripeOperations.Find("POST", "/v1/customers/{customer}"));
        Assert.Null(StripeOperations.Find("GET", "/v1/customers/cus_123"));
        Assert.Null(StripeOperations.Find("PUT", "/v1/customers"));
        Assert.Null(StripeOperations.Find("GET", "/v1/customers/"));
    }

    [Fact]
    public void Methods_AreUpperCase_AndEveryNonDeleteOperationTakesExpand()
    {
        foreach (var op in StripeOperations.All)
        {
            Assert.Contains(op.Method, new[] { "GET", "POST", "DELETE" });
            if (op.Method == "DELETE")
            {
                continue;
            }

            var expand = Param(op, "expand");
            Assert.Equal(ParamKind.Array, expand.Kind);
            Assert.Equal(ParamKind.String, expand.Items!.Kind);
        }
    }

    [Fact]
    public void PathParameters_AreExcluded()
    {
        Assert.DoesNotContain(StripeOperations.GetCustomersCustomer.Parameters, p => p.Name == "customer");
        Assert.DoesNotContain(StripeOperations.PostInvoicesInvoicePay.Parameters, p => p.Name == "invoice");
        Assert.DoesNotContain(StripeOperations.GetPaymentRecordsId.Parameters, p => p.Name == "id");
    }

    // ------------------------------------------------------------------ (b) spot checks

    [Fact]
    public void PostCustomers_Address_IsAnEmptiableObjectOfSixStrings()
    {
        var address = Param(StripeOperations.Find("POST", "/v1/customers")!, "address");

        Assert.Equal(ParamKind.Object, address.Kind);
        Assert.True(address.AllowEmpty);
        Assert.False(address.Required);
        Assert.Equal(
            ["city", "country", "line1", "line2", "postal_code", "state"],
            address.Properties!.Select(p => p.Name));
        Assert.All(address.Properties!, p =>
        {
            Assert.Equal(ParamKind.String, p.Kind);
            Assert.False(p.Required);
            Assert.False(p.AllowEmpty);
        });
    }

    [Fact]
    public void PostCustomers_Metadata_IsAnEmptiableMapOfStrings()
    {
        var metadata = Param(StripeOperations.PostCustomers, "metadata");

        Assert.Equal(ParamKind.Map, metadata.Kind);
        Assert.True(metadata.AllowEmpty);
        Assert.Equal(ParamKind.String, metadata.Values!.Kind);
        Assert.True(metadata.Values.AllowEmpty); // values are nullable: an empty value removes the key
    }

    [Fact]
    public void PostCustomers_TaxExempt_IsAnEmptiableEnum()
    {
        var taxExempt = Param(StripeOperations.PostCustomers, "tax_exempt");

        Assert.Equal(ParamKind.String, taxExempt.Kind);
        Assert.True(taxExempt.AllowEmpty);
        Assert.Equal(["exempt", "none", "reverse"], taxExempt.Enum!);
    }

    [Fact]
    public void ReportPayment_AmountRequested_IsRequiredWithRequiredCurrencyAndValue()
    {
        var amount = Param(StripeOperations.Find("POST", "/v1/payment_records/report_payment")!, "amount_requested");

        Assert.Equal(ParamKind.Object, amount.Kind);
        Assert.True(amount.Required);
        Assert.False(amount.AllowEmpty);
        var currency = Param(amount.Properties!, "currency");
        var value = Param(amount.Properties!, "value");
        Assert.True(currency.Required);
        Assert.Equal(ParamKind.String, currency.Kind);
        Assert.True(value.Required);
        Assert.Equal(ParamKind.Integer, value.Kind);
    }

    [Fact]
    public void GetInvoicePayments_PaymentType_IsRequiredInsidePayment()
    {
        var payment = Param(StripeOperations.Find("GET", "/v1/invoice_payments")!, "payment");

        Assert.Equal(ParamKind.Object, payment.Kind);
        Assert.False(payment.Required);
        var type = Param(payment.Properties!, "type");
        Assert.True(type.Required);
        Assert.Equal(["payment_intent", "payment_record"], type.Enum!);
        Assert.False(Param(payment.Properties!, "payment_intent").Required);
        Assert.False(Param(payment.Properties!, "payment_record").Required);
    }

    [Fact]
    public void RangeFilters_AreObjectsThatAlsoAcceptAnInteger()
    {
        var ranges = new[]
        {
            Param(StripeOperations.GetCustomers, "created"),
            Param(StripeOperations.GetCoupons, "created"),
            Param(StripeOperations.GetCreditNotes, "created"),
            Param(StripeOperations.GetEvents, "created"),
            Param(StripeOperations.GetInvoiceitems, "created"),
            Param(StripeOperations.GetInvoices, "created"),
            Param(StripeOperations.GetInvoices, "due_date"),
            Param(StripeOperations.GetPrices, "created"),
            Param(StripeOperations.GetProducts, "created"),
            Param(StripeOperations.GetSubscriptions, "created"),
            Param(StripeOperations.GetSubscriptions, "current_period_end"),
            Param(StripeOperations.GetSubscriptions, "current_period_start"),
        };

        Assert.All(ranges, range =>
        {
            Assert.Equal(ParamKind.Object, range.Kind);
            Assert.True(range.AlsoInteger);
            Assert.False(range.AllowEmpty);
            Assert.Equal(["gt", "gte", "lt", "lte"], range.Properties!.Select(p => p.Name));
            Assert.All(range.Properties!, p => Assert.Equal(ParamKind.Integer, p.Kind));
        });
        Assert.Equal(
            ranges.Length,
            StripeOperations.All.SelectMany(o => o.Parameters).Count(p => p.AlsoInteger));
    }

    [Fact]
    public void PostInvoices_PaymentMethodTypes_IsAnEmptiableArrayOf40Enums()
    {
        var settings = Param(StripeOperations.Find("POST", "/v1/invoices")!, "payment_settings");
        var types = Param(settings.Properties!, "payment_method_types");

        Assert.Equal(ParamKind.Array, types.Kind);
        Assert.True(types.AllowEmpty);
        Assert.Equal(ParamKind.String, types.Items!.Kind);
        Assert.Equal(40, types.Items.Enum!.Count);
        Assert.Contains("custom", types.Items.Enum);
        Assert.Contains("card", types.Items.Enum);
        Assert.DoesNotContain("", types.Items.Enum);
    }

    [Fact]
    public void PaymentMethodOptions_KonbiniAndSepaDebit_AreEmptiableObjectsWithoutProperties()
    {
        foreach (var op in new[] { StripeOperations.PostInvoices, StripeOperations.PostInvoicesInvoice })
        {
            var options = Param(Param(op, "payment_settings").Properties!, "payment_method_options");
            foreach (var name in new[] { "konbini", "sepa_debit" })
            {
                var option = Param(options.Properties!, name);
                Assert.Equal(ParamKind.Object, option.Kind);
                Assert.True(option.AllowEmpty);
                Assert.Empty(option.Properties!);
            }
        }
    }

    [Fact]
    public void DeleteOperations_HaveNoParameters_ExceptCancelSubscriptionAndDeleteSubscriptionItem()
    {
        var deletes = StripeOperations.All.Where(o => o.Method == "DELETE").ToList();
        var withParameters = new[] { StripeOperations.DeleteSubscriptionItemsItem, StripeOperations.DeleteSubscriptionsSubscriptionExposedId };

        Assert.Equal(11, deletes.Count);
        Assert.All(deletes.Except(withParameters), d => Assert.Empty(d.Parameters));
        Assert.Equal(
            ["clear_usage", "proration_behavior", "proration_date"],
            StripeOperations.DeleteSubscriptionItemsItem.Parameters.Select(p => p.Name));
        Assert.Equal(
            ["cancellation_details", "expand", "invoice_now", "prorate"],
            StripeOperations.DeleteSubscriptionsSubscriptionExposedId.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void IntegerOrStringUnions_AreIntegersWithAnEnum()
    {
        var subscriptionDetails = Param(StripeOperations.PostInvoicesCreatePreview, "subscription_details");
        var trialEnd = Param(subscriptionDetails.Properties!, "trial_end");
        var anchor = Param(subscriptionDetails.Properties!, "billing_cycle_anchor");

        Assert.Equal(ParamKind.Integer, trialEnd.Kind);
        Assert.Equal(["now"], trialEnd.Enum!);
        Assert.Equal(ParamKind.Integer, anchor.Kind);
        Assert.Equal(["now", "unchanged"], anchor.Enum!);
    }

    [Fact]
    public void PackageDimensions_AreDecimals()
    {
        foreach (var op in new[] { StripeOperations.PostProducts, StripeOperations.PostProductsId })
        {
            var dimensions = Param(op, "package_dimensions");
            Assert.Equal(["height", "length", "weight", "width"], dimensions.Properties!.Select(p => p.Name));
            Assert.All(dimensions.Properties!, p => Assert.Equal(ParamKind.Number, p.Kind));
        }
    }

    [Fact]
    public void WebhookEndpoints_EnabledEvents_IsAnArrayOfEveryEventTypeAndTheWildcard()
    {
        foreach (var op in new[] { StripeOperations.PostWebhookEndpoints, StripeOperations.PostWebhookEndpointsWebhookEndpoint })
        {
            var events = Param(op, "enabled_events");
            Assert.Equal(ParamKind.Array, events.Kind);
            Assert.Equal(ParamKind.String, events.Items!.Kind);
            Assert.Equal("*", events.Items.Enum![0]);
            Assert.Contains("invoice.payment_attempt_required", events.Items.Enum);
            Assert.Contains("invoice_payment.paid", events.Items.Enum);
            Assert.Equal(252, events.Items.Enum.Count);
        }
    }

    // ------------------------------------------------------------------ (c) against the spec itself

    [Fact]
    public void TopLevelParameters_MatchTheSpec_NamesAndRequiredMarks()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(RepositorySpec.SpecPath));
        var seen = 0;

        foreach (var (method, path, operation) in SpecOperations(spec.RootElement))
        {
            var expected = TopLevel(method, operation)
                .Select(p => (p.Name, p.Required))
                .ToList();
            var op = StripeOperations.Find(method, path);

            Assert.True(op is not null, $"{method} {path} is missing from StripeOperations");
            Assert.Equal(expected, op.Parameters.Select(p => (p.Name, p.Required)));
            seen++;
        }

        Assert.Equal(StripeOperations.All.Count, seen);
    }

    /// <summary>
    /// The parameters Stripe was recorded taking "" for though the spec gives them no empty form (the generator's
    /// RECORDED_EMPTYABLE, scripts/generate-params.py).
    /// </summary>
    private static readonly HashSet<(string Method, string Path, string Name)> RecordedEmptyable =
    [
        ("POST", "/v1/subscriptions/{subscription_exposed_id}", "default_payment_method"),
    ];

    [Fact]
    public void EveryParameterTree_MatchesTheSpec()
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(RepositorySpec.SpecPath));

        foreach (var (method, path, operation) in SpecOperations(spec.RootElement))
        {
            var expected = TopLevel(method, operation)
                .Select(p => Fold(p.Schema, p.Name, p.Required))
                .Select(p => RecordedEmptyable.Contains((method, path, p.Name)) ? p with { AllowEmpty = true } : p)
                .Select(Describe);
            var actual = StripeOperations.Find(method, path)!.Parameters.Select(Describe);

            Assert.Equal(expected, actual);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ParamSpec Param(OperationSpec op, string name) => Param(op.Parameters, name);

    private static ParamSpec Param(IReadOnlyList<ParamSpec> parameters, string name) =>
        Assert.Single(parameters, p => p.Name == name);

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> SpecOperations(JsonElement root)
    {
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                yield return (operation.Name.ToUpperInvariant(), path.Name, operation.Value);
            }
        }
    }

    /// <summary>GET/DELETE: the query parameters; POST: the form-encoded body's properties.</summary>
    private static IEnumerable<(string Name, bool Required, JsonElement Schema)> TopLevel(string method, JsonElement operation)
    {
        if (method == "POST")
        {
            if (!operation.TryGetProperty("requestBody", out var body))
            {
                return [];
            }

            var schema = body.GetProperty("content").GetProperty("application/x-www-form-urlencoded").GetProperty("schema");
            return Properties(schema);
        }

        if (!operation.TryGetProperty("parameters", out var parameters))
        {
            return [];
        }

        return parameters.EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .Select(p => (
                p.GetProperty("name").GetString()!,
                p.TryGetProperty("required", out var r) && r.GetBoolean(),
                p.GetProperty("schema")))
            .ToList();
    }

    private static List<(string Name, bool Required, JsonElement Schema)> Properties(JsonElement objectSchema)
    {
        var required = objectSchema.TryGetProperty("required", out var r)
            ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet()
            : [];
        return objectSchema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Select(p => (p.Name, required.Contains(p.Name), p.Value)).ToList()
            : [];
    }

    /// <summary>An independent reading of the folding rules in scripts/generate-params.py.</summary>
    private static ParamSpec Fold(JsonElement schema, string name, bool required)
    {
        var nullable = schema.TryGetProperty("nullable", out var n) && n.GetBoolean();
        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var alternatives = anyOf.EnumerateArray().ToList();
            var rest = alternatives.Where(a => !IsEmptyString(a)).ToList();
            var allowEmpty = nullable || rest.Count != alternatives.Count;
            var folded = rest switch
            {
                [var only] => Fold(only, name, required),
                [var range, var integer] when Type(range) == "object" && Type(integer) == "integer" =>
                    Fold(range, name, required) with { AlsoInteger = true },
                [var x, var y] when Type(x) == "integer" && Type(y) == "string" && y.TryGetProperty("enum", out var ye) =>
                    new ParamSpec(name, ParamKind.Integer, required, Enum: ye.EnumerateArray().Select(v => v.GetString()!).ToList()),
                [var x, var y] when Type(x) == "string" && x.TryGetProperty("enum", out var xe) && Type(y) == "integer" =>
                    new ParamSpec(name, ParamKind.Integer, required, Enum: xe.EnumerateArray().Select(v => v.GetString()!).ToList()),
                _ when rest.All(a => Type(a) is "string" or "integer") => new ParamSpec(name, ParamKind.String, required),
                _ => throw new InvalidOperationException($"{name}: unexpected anyOf {anyOf}"),
            };
            return folded with { AllowEmpty = folded.AllowEmpty || allowEmpty };
        }

        switch (Type(schema))
        {
            case "string":
                var values = schema.TryGetProperty("enum", out var e)
                    ? e.EnumerateArray().Select(v => v.GetString()!).ToList()
                    : null;
                var named = values?.Where(v => v.Length > 0).ToList();
                return new ParamSpec(
                    name,
                    ParamKind.String,
                    required,
                    AllowEmpty: nullable || (values?.Contains("") ?? false),
                    Enum: named is { Count: > 0 } ? named : null);
            case "integer":
                return new ParamSpec(name, ParamKind.Integer, required, nullable);
            case "number":
                return new ParamSpec(name, ParamKind.Number, required, nullable);
            case "boolean":
                return new ParamSpec(name, ParamKind.Boolean, required, nullable);
            case "array":
                return new ParamSpec(name, ParamKind.Array, required, nullable, Items: Fold(schema.GetProperty("items"), "", false));
            case "object" when schema.TryGetProperty("additionalProperties", out var values2)
                && values2.ValueKind == JsonValueKind.Object:
                return new ParamSpec(name, ParamKind.Map, required, nullable, Values: Fold(values2, "", false));
            case "object":
                return new ParamSpec(
                    name,
                    ParamKind.Object,
                    required,
                    nullable,
                    Properties: Properties(schema).Select(p => Fold(p.Schema, p.Name, p.Required)).ToList());
            default:
                throw new InvalidOperationException($"{name}: unexpected schema {schema}");
        }
    }

    private static string? Type(JsonElement schema) =>
        schema.TryGetProperty("type", out var t) ? t.GetString() : null;

    private static bool IsEmptyString(JsonElement schema) =>
        Type(schema) == "string"
        && schema.TryGetProperty("enum", out var e)
        && e.GetArrayLength() == 1
        && e[0].GetString() == "";

    /// <summary>A one-line rendering of a whole ParamSpec tree, so two trees compare as strings.</summary>
    private static string Describe(ParamSpec p)
    {
        var sb = new StringBuilder().Append(p.Name).Append(':').Append(p.Kind);
        if (p.Required)
        {
            sb.Append('!');
        }

        if (p.AllowEmpty)
        {
            sb.Append("|\"\"");
        }

        if (p.AlsoInteger)
        {
            sb.Append("|integer");
        }

        if (p.Enum is not null)
        {
            sb.Append('(').AppendJoin('|', p.Enum).Append(')');
        }

        if (p.Properties is not null)
        {
            sb.Append('{').AppendJoin(',', p.Properties.Select(Describe)).Append('}');
        }

        if (p.Items is not null)
        {
            sb.Append('[').Append(Describe(p.Items)).Append(']');
        }

        if (p.Values is not null)
        {
            sb.Append('<').Append(Describe(p.Values)).Append('>');
        }

        return sb.ToString();
    }
}
