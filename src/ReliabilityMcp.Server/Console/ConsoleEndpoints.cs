using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace ReliabilityMcp.Server.Console;

/// <summary>
/// The operator console: static pages shipped in the repository (no build step, nothing downloaded at run time),
/// served under <c>/console/</c>. The pages hold no data and need no authentication; everything they show comes
/// from the operator API with the approver or admin token the user types in, which stays in the tab's session storage.
/// </summary>
public static class ConsoleEndpoints
{
    /// <summary>Path the console is served under.</summary>
    public const string Path = "/console";

    // Scripts and styles only from this origin, no inline code: a stored incident title can never become script.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Maps the console's static files, with strict security headers.</summary>
    public static IApplicationBuilder UseOperatorConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = System.IO.Path.Combine(AppContext.BaseDirectory, "console");
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The operator console's files are missing ({root}); they ship beside the server binary.");
        }

        // Default files also redirects /console to /console/ (so relative script paths resolve).
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers["Content-Security-Policy"] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
    }
}
