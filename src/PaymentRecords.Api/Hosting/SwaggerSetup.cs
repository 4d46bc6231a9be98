using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace PaymentRecords.Api.Hosting;

/// <summary>Swagger UI at /swagger: every Stripe route with its form-encoded parameters, executable.</summary>
public static class SwaggerSetup
{
    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "PaymentRecords — Stripe API 2025-10-29.clover emulator",
            Version = "2025-10-29.clover",
            Description = "Invoices, payment records, invoice payments and credit notes, persisted in PostgreSQL. Authorize with any sk_test_… key: each key is its own empty account.",
        });
        options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A test secret key such as sk_test_123.",
        });
        options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference("bearer", document)] = [],
        });
        options.OperationFilter<StripeOperationFilter>();
        options.CustomSchemaIds(t => t.FullName);
    }
}
