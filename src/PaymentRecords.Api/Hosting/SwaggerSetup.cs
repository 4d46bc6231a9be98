using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace PaymentRecords.Api.Hosting;

/// <summary>Swagger UI at /swagger: every Stripe route with its form-encoded parameters, executable.</summary>
/// <remarks>
/// Texts are Stripe's, from the spec (<see cref="SpecDescriptions"/>); form fields start empty
/// (<see cref="StripeOperationFilter"/>) and empty optional fields are left out of the request
/// (<see cref="OmitEmptyFieldsPlugin"/>), so Execute sends only what was filled in.
/// </remarks>
public static class SwaggerSetup
{
    /// <summary>Where Swagger UI is served.</summary>
    public const string RoutePrefix = "swagger";

    /// <summary>
    /// A Swagger UI plugin (evaluated by Swashbuckle's index.js from <see cref="ConfigObject.Plugins"/>): the
    /// "Send empty value" box beside each optional form field starts unchecked instead of checked. Swagger UI
    /// otherwise sends every field left empty as <c>name=</c>, which Stripe reads as "unset" and refuses for most
    /// parameters (<c>parameter_invalid_empty</c>). Ticking the box still sends an empty value on purpose
    /// (<c>metadata[key]=</c> to remove a key).
    /// </summary>
    /// <remarks>One line, without quotes or backslashes: Swashbuckle embeds it in a single-quoted JSON.parse('…').</remarks>
    public const string OmitEmptyFieldsPlugin =
        "(function StripeOmitEmptyFields() { return { wrapComponents: { ParameterIncludeEmpty: function (Original, system) {"
        + " return function (props) {"
        + " var options = Object.assign({}, props.isIncludedOptions, { defaultValue: false });"
        + " return system.React.createElement(Original, Object.assign({}, props, { isIncludedOptions: options }));"
        + " }; } } }; })";

    /// <summary>Swagger UI's own settings: where it is served and the <see cref="OmitEmptyFieldsPlugin"/>.</summary>
    public static void ConfigureUI(SwaggerUIOptions options)
    {
        options.RoutePrefix = RoutePrefix;
        options.ConfigObject.Plugins = [OmitEmptyFieldsPlugin];
    }

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
