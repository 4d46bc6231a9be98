using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration.Memory;
using PaymentRecords.Api.CreditNotes;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.InvoicePayments;
using PaymentRecords.Api.PaymentRecords;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Products;
using PaymentRecords.Api.Subscriptions;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.WebhookEndpoints;
using PaymentRecords.Api.Webhooks;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Outbox;

namespace PaymentRecords.Api.Hosting;

/// <summary>Builds the server: services, the Stripe pipeline, and every resource's routes.</summary>
public static class PaymentRecordsApp
{
    public const string DefaultUrl = "http://127.0.0.1:12111";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is the application's own folder, so appsettings.json is found wherever the process
        // starts; the logging defaults below hold even without it. The slim builder leaves out what this server never
        // uses (IIS integration, HTTP/3's QUIC transport, the Debug and EventSource loggers: 2–3 MB of resident set);
        // HTTPS endpoints from configuration still work, and routing's regex constraint is added back in AddServices.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = ConfigurationDefaults });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            HttpLimits.ConfigureKestrel(kestrel);
            kestrel.ConfigureEndpointDefaults(listen => listen.UseStripeErrorsForKestrelRefusals());
        });
        configure?.Invoke(builder);
        AddServices(builder);
        var app = builder.Build();
        UsePipeline(app);
        MapRoutes(app);
        return app;
    }

    /// <summary>
    /// Defaults that hold when no appsettings.json is read: the lowest-priority configuration source, so the file,
    /// the environment and the command line still override each key. Per-request Information logs cost about a fifth
    /// of the throughput.
    /// </summary>
    private static readonly Dictionary<string, string?> ConfigurationDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
    };

    private static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The accessor's request is an AsyncLocal: the counter sees whether a command runs for a request.
        var requests = new HttpContextAccessor();
        services.AddSingleton<IHttpContextAccessor>(requests);
        var roundTrips = new RoundTripCounter(requests);
        services.AddSingleton(roundTrips);
        services.AddSingleton<global::PaymentRecords.Persistence.SingleTrip.IRoundTrips>(roundTrips);
        var outbox = new OutboxSignal();
        services.AddSingleton(outbox);
        var outboxCommits = new OutboxCommitInterceptor(outbox);
        var requestPool = ApiConnectionString.For(builder.Configuration.GetConnectionString("Postgres"));
        var poolUse = new global::PaymentRecords.Persistence.Pooling.BurstTrim();
        services.AddHostedService(sp => new PoolTrimmer(poolUse, requestPool, sp.GetRequiredService<ILogger<PoolTrimmer>>()));
        services.AddDbContextPool<PaymentRecordsDbContext>(options => options
            .UseNpgsql(requestPool)
            .UseSnakeCaseNamingConvention()
            .ReplaceService<Microsoft.EntityFrameworkCore.Update.IBatchExecutor, global::PaymentRecords.Persistence.SingleTrip.LastBatchExecutor>()
            // DetectChangesOnce first: the SaveChanges interceptors after it read the states it detected.
            .AddInterceptors(new global::PaymentRecords.Persistence.Tracking.DetectChangesOnce(), roundTrips, outboxCommits,
                new global::PaymentRecords.Persistence.SingleTrip.CommitRidesLastFlush(outboxCommits, roundTrips),
                new global::PaymentRecords.Persistence.Idempotency.ClaimRidesFirstQuery(),
                new global::PaymentRecords.Persistence.Pooling.PoolUseInterceptor(poolUse)));
        services.AddScoped<StripePipeline>();
        services.AddScoped<ApiReads>();
        services.AddSingleton<InProcessOperations>();
        services.AddSingleton(sp => HostedInvoices.HostedInvoiceLinks.For(sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()));
        services.AddScoped<DashboardReads>();
        services.AddScoped<ApiWrites>();
        services.AddAntiforgery();
        // Data protection (the dashboard's cookie and antiforgery token) loads its key ring on first use, not at
        // start-up: its hosted service would read the keys' XML for a dashboard most runs never open (2 MB resident).
        foreach (var keyRingWarmUp in services.Where(d => d.ServiceType == typeof(IHostedService)
                     && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
            services.Remove(keyRingWarmUp);
        services.AddSingleton<global::PaymentRecords.Api.Dashboard.DashboardSession>();
        services.AddScoped<IdempotencyStore>();
        services.AddSingleton<global::PaymentRecords.Persistence.SingleTrip.SingleTripSave>();
        services.AddSingleton<TestHooks>();
        services.AddSingleton(BuildExpansions());
        services.AddHostedService<IdempotencyPurger>();
        services.AddHostedService<NativeHeapTrimmer>();
        builder.AddWebhooks();
        global::PaymentRecords.Api.Scheduling.SchedulerServices.AddScheduler(builder);
        services.AddExceptionHandler<UnexpectedErrorHandler>();
        services.AddProblemDetails();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(SwaggerSetup.Configure);
        // Swashbuckle's routes use the regex constraint, which only the full builder's AddRouting registers.
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<RegexInlineRouteConstraint>("regex"));
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
    }

    /// <summary>
    /// Every error row the server answers with: the transport's (<see cref="ErrorCatalog"/>) and those each resource
    /// keeps with its factories. docs/error-messages.md and the error table's tests read this list.
    /// </summary>
    public static IReadOnlyList<ErrorRow> ErrorRows { get; } = [.. ErrorCatalog.Rows, .. InvoiceErrors.Rows, .. CreditNoteErrors.Rows,
        .. global::PaymentRecords.Api.TestClocks.TestClockErrors.Rows, .. PaymentMethods.PaymentMethodErrors.Rows,
        .. InvoicePayments.InvoicePaymentErrors.Rows, .. PaymentRecords.PaymentRecordErrors.Rows, .. Subscriptions.SubscriptionErrors.Rows,
        .. WebhookEndpoints.WebhookEndpointErrors.Rows, .. global::PaymentRecords.Api.Credits.CreditGrantErrors.Rows,
        .. global::PaymentRecords.Api.Meters.MeterErrors.Rows, .. Prices.CatalogErrors.Rows, .. Search.SearchErrors.Rows,
        .. global::PaymentRecords.Api.Coupons.CouponErrors.Rows];

    /// <summary>
    /// Which fields each object type can expand, and how to load the targets. An object type's loader is also what
    /// makes a parameter naming such an object resolve (<see cref="NotHeldObjects"/>): without one, it answers 404.
    /// </summary>
    private static ExpansionRegistry BuildExpansions() => new ExpansionRegistry(beforeLoad: scope => scope.FlushBeforeReadAsync())
        .Add(CustomersApi.Expansions, CustomersApi.LoadAsync)
        .AddCustomerIncludables()
        .Add(PaymentRecordsApi.Expansions, PaymentRecordsApi.LoadAsync)
        .Add(PaymentAttemptRecordsApi.Expansions, PaymentAttemptRecordsApi.LoadAsync)
        .Add(InvoicesApi.Expansions, InvoiceStore.LoadAsync)
        .AddIncludable("invoice", "payments", InvoicePaymentsApi.IncludeInInvoiceAsync)
        // The client secret of the PaymentIntent Stripe creates at finalize: no PaymentIntents here, so null.
        .AddIncludable("invoice", "confirmation_secret", (_, _) => Task.FromResult<System.Text.Json.Nodes.JsonNode?>(null))
        .Add(InvoicePaymentsApi.Expansions, InvoicePaymentsApi.LoadAsync)
        .Add(InvoicesApi.LineExpansions)
        .Add(InvoiceItemsApi.Expansions, InvoiceItemsApi.LoadAsync)
        .Add(BalanceTransactionsApi.Expansions, BalanceTransactionsApi.LoadAsync)
        .Add(CreditNotesApi.Expansions, CreditNoteStore.LoadAsync)
        .Add(CreditNotesApi.LineExpansions)
        .Add(new ObjectExpansions("event", new Dictionary<string, string?>()))
        .Add(WebhookEndpointsApi.Expansions, WebhookEndpointsApi.LoadAsync)
        .Add(ProductsApi.Expansions, ProductsApi.LoadAsync)
        .Add(PricesApi.Expansions, PricesApi.LoadAsync)
        .AddIncludable("price", "tiers", PricesApi.IncludeTiersAsync)
        .Add(global::PaymentRecords.Api.Coupons.CouponsApi.Expansions, global::PaymentRecords.Api.Coupons.CouponsApi.LoadAsync)
        .AddIncludable("coupon", "applies_to", global::PaymentRecords.Api.Coupons.CouponsApi.IncludeAppliesToAsync)
        .AddIncludable("coupon", "currency_options", global::PaymentRecords.Api.Coupons.CouponsApi.IncludeCurrencyOptionsAsync)
        .Add(global::PaymentRecords.Api.Coupons.CouponsApi.DiscountExpansions, global::PaymentRecords.Api.Coupons.CouponsApi.LoadDiscountAsync)
        .Add(PaymentMethodsApi.Expansions, PaymentMethodsApi.LoadAsync)
        .Add(SubscriptionsApi.Expansions, SubscriptionsApi.LoadAsync)
        .AddIncludable("customer", "subscriptions", SubscriptionsApi.IncludeInCustomerAsync)
        .Add(SubscriptionItemsApi.Expansions, SubscriptionItemsApi.LoadAsync)
        .Add(global::PaymentRecords.Api.TestClocks.TestClocksApi.Expansions, global::PaymentRecords.Api.TestClocks.TestClocksApi.LoadAsync)
        .Add(global::PaymentRecords.Api.Credits.CreditGrantsApi.Expansions, global::PaymentRecords.Api.Credits.CreditGrantsApi.LoadAsync)
        .Add(global::PaymentRecords.Api.Credits.CreditBalanceApi.Expansions, global::PaymentRecords.Api.Credits.CreditBalanceApi.LoadAsync)
        .Add(global::PaymentRecords.Api.Credits.CreditBalanceApi.SummaryExpansions)
        .Add(global::PaymentRecords.Api.Meters.MetersApi.Expansions, global::PaymentRecords.Api.Meters.MetersApi.LoadAsync)
        .Add(global::PaymentRecords.Api.Meters.BillingAlertsApi.Expansions, global::PaymentRecords.Api.Meters.BillingAlertsApi.LoadAsync);

    private static void UsePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseMiddleware<RequestContext>();
        // Only /swagger requests go through Swashbuckle: its two middlewares matched every API request against their
        // route templates first (4% of a customer create's own CPU).
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/" + SwaggerSetup.RoutePrefix), swagger =>
        {
            swagger.UseSwagger();
            swagger.UseSwaggerUI(SwaggerSetup.ConfigureUI);
        });
        app.UseRouting();
        app.Use(async (http, next) =>
        {
            // A known path with the wrong method is still an unrecognized URL to Stripe. Methods are case-sensitive
            // (RFC 9110), but routing matches them ignoring case: "get" is not GET.
            var endpoint = http.GetEndpoint();
            if (endpoint?.DisplayName?.StartsWith("405", StringComparison.Ordinal) == true
                || (endpoint?.Metadata.GetMetadata<StripeRoute>() is { } route && !string.Equals(route.Method, http.Request.Method, StringComparison.Ordinal)))
            {
                await StripeResponses.WriteErrorAsync(http, ErrorCatalog.UnrecognizedUrl(http.Request.Method, http.Request.Path));
                return;
            }
            await next(http);
        });
    }

    private static void MapRoutes(WebApplication app)
    {
        app.MapGet("/healthz", HealthCheck).ExcludeFromDescription();
        app.MapAllocationProbe();
        app.MapCustomers();
        app.MapEvents();
        app.MapPaymentRecords();
        app.MapPaymentAttemptRecords();
        app.MapInvoices();
        app.MapInvoiceLines();
        app.MapInvoiceItems();
        app.MapInvoicePayments();
        app.MapBalanceTransactions();
        app.MapCreditNotes();
        app.MapWebhookEndpoints();
        app.MapWebhookAttempts();
        app.MapProducts();
        app.MapPrices();
        global::PaymentRecords.Api.Coupons.CouponsApi.MapCoupons(app);
        app.MapPaymentMethods();
        app.MapSubscriptions();
        app.MapSubscriptionItems();
        global::PaymentRecords.Api.TestClocks.TestClocksApi.MapTestClocks(app);
        global::PaymentRecords.Api.Credits.CreditGrantsApi.MapCreditGrants(app);
        global::PaymentRecords.Api.Credits.CreditBalanceApi.MapCreditBalance(app);
        global::PaymentRecords.Api.Meters.MetersApi.MapMeters(app);
        global::PaymentRecords.Api.Meters.MeterEventSummariesApi.MapMeterEventSummaries(app);
        global::PaymentRecords.Api.Meters.MeterEventsApi.MapMeterEvents(app);
        global::PaymentRecords.Api.Meters.MeterEventAdjustmentsApi.MapMeterEventAdjustments(app);
        global::PaymentRecords.Api.Meters.BillingAlertsApi.MapBillingAlerts(app);
        app.MapInvoicePreview();
        global::PaymentRecords.Api.Dashboard.DashboardApi.MapDashboard(app);
        HostedInvoices.HostedInvoicePage.MapHostedInvoices(app);
        // "{*path}", not MapFallback's default "{*path:nonfile}": a last segment with a dot (/v1/customers/x.y) is
        // an unrecognized URL too, not a bare 404 from routing.
        app.MapFallback("{*path}", (HttpContext http) =>
            StripeResponses.WriteErrorAsync(http, ErrorCatalog.UnrecognizedUrl(http.Request.Method, http.Request.Path))).ExcludeFromDescription();
    }

    private static async Task<IResult> HealthCheck(PaymentRecordsDbContext db)
    {
        try
        {
            return await db.Database.CanConnectAsync() ? Results.Ok(new { status = "ok" }) : Results.Json(new { status = "database unavailable" }, statusCode: 503);
        }
        catch (Exception)
        {
            return Results.Json(new { status = "database unavailable" }, statusCode: 503);
        }
    }
}

/// <summary>Anything unexpected becomes Stripe's api_error (500) with no stack trace; the exception is logged.</summary>
internal sealed class UnexpectedErrorHandler(ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    /// <summary>The index PostgreSQL could not write an entry for (SQLSTATE 54000), if that is what failed.</summary>
    private static string? TooLongToIndex(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ProgramLimitExceeded } pg)
                return pg.MessageText.IndexOf("for index \"", StringComparison.Ordinal) is var at and >= 0
                    ? "index " + pg.MessageText[(at + 11)..].TrimEnd('"')
                    : pg.MessageText;
        return null;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is StripeException stripe)
        {
            await StripeResponses.WriteErrorAsync(http, stripe.Error);
            return true;
        }
        if (exception is BadHttpRequestException badRequest)
        {
            // Kestrel refused the request while something read it (body too large, bad chunked framing): a client error.
            await StripeResponses.WriteErrorAsync(http, HttpErrors.ForStatus(badRequest.StatusCode));
            return true;
        }
        if (TooLongToIndex(exception) is { } tooLong)
        {
            // A value within Stripe's limits that PostgreSQL cannot index (a B-tree entry holds at most 2704 bytes): the
            // transaction was rolled back; a client error, not a crash (docs/error-messages.md).
            await StripeResponses.WriteErrorAsync(http, ErrorCatalog.ValueTooLongToIndex(tooLong));
            return true;
        }
        logger.LogError(exception, "Unexpected error on {Method} {Path}", http.Request.Method, http.Request.Path);
        await StripeResponses.WriteErrorAsync(http, ErrorCatalog.Unexpected());
        return true;
    }
}

/// <summary>Deletes idempotency responses older than 24 hours and invoice previews past their 72 hours, hourly.</summary>
internal sealed class IdempotencyPurger(IServiceScopeFactory scopes, ILogger<IdempotencyPurger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var purged = await scope.ServiceProvider.GetRequiredService<IdempotencyStore>().PurgeExpiredAsync();
                if (purged > 0) logger.LogInformation("Purged {Count} expired idempotency keys", purged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Idempotency purge failed: {Message}", e.Message);
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var previews = await Persistence.Stores.EfInvoicePreviews.PurgeExpiredAsync(
                    scope.ServiceProvider.GetRequiredService<Persistence.PaymentRecordsDbContext>(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                if (previews > 0) logger.LogInformation("Purged {Count} expired invoice previews", previews);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Invoice preview purge failed: {Message}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
