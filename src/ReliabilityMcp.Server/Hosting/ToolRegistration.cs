using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Server.Security;

namespace ReliabilityMcp.Server.Hosting;

/// <summary>
/// Registers the <see cref="McpServerToolAttribute"/> methods of a tool class as the SDK's <c>WithTools&lt;T&gt;</c>
/// does (one instance of the class per call, its dependencies from the request's services), with one difference for
/// tools that declare an output schema and build their own <see cref="CallToolResult"/>, which all of ours do.
/// </summary>
/// <remarks>
/// The SDK (2.3) serialises whatever such a method returns into a JsonElement for structured content before it looks
/// at the type, and then discards that element because the method already returned a complete CallToolResult. That
/// was a whole extra serialise-and-parse of every result: about 12 µs of a 190 µs evaluate_policies call over HTTP
/// (bench/http/README.md). Such a tool is registered as a pair: the SDK's tool as usual, which is what tools/list
/// shows (name, schemas, annotations, metadata, the same for filters), and a second one made from the same method
/// without the output schema, which is what runs, so the SDK has nothing to re-serialise.
/// </remarks>
internal static class ToolRegistration
{
    /// <summary>Adds <typeparamref name="TTools"/>'s tools.</summary>
    public static IMcpServerBuilder WithReliabilityTools<[DynamicallyAccessedMembers(
        DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods
        | DynamicallyAccessedMemberTypes.PublicConstructors)] TTools>(this IMcpServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var method in typeof(TTools).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<McpServerToolAttribute>() is not null)
            {
                builder.Services.AddSingleton(services => Create(method, typeof(TTools), services));
            }
        }

        return builder;
    }

    /// <summary>The tool for <paramref name="method"/>; see the remarks on <see cref="ToolRegistration"/>.</summary>
    internal static McpServerTool Create(
        MethodInfo method, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type, IServiceProvider services)
    {
        // The SDK matches the class's constructor by reflection on every call (about 1 % of a call's CPU); a factory
        // made once does the same resolution from the request's services.
        var factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
        var listed = CreateSdkTool(method, type, factory, services);
        if (listed.ProtocolTool.OutputSchema is null || !ReturnsCallToolResult(method))
        {
            return listed;
        }

        var invoked = CreateSdkTool(method, type, factory, services);
        invoked.ProtocolTool.OutputSchema = null; // its own Tool object, never listed
        return new OwnResultTool(listed, invoked);
    }

    private static McpServerTool CreateSdkTool(
        MethodInfo method, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type,
        ObjectFactory? factory, IServiceProvider services)
    {
        var options = new McpServerToolCreateOptions { Services = services, Metadata = Metadata(method, type) };
        return factory is null
            ? McpServerTool.Create(method, options: options)
            : McpServerTool.Create(method, request => request.Services is { } requestServices
                ? factory(requestServices, null)
                : Activator.CreateInstance(type)!, options);
    }

    /// <summary>
    /// What the SDK would collect (the method, the class's attributes, then the method's) and, on a tool not annotated read-only,
    /// <see cref="ToolAccessPolicies.ChangesState"/>: put here once, so no state-changing tool can miss it.
    /// </summary>
    private static List<object> Metadata(MethodInfo method, Type type)
    {
        List<object> metadata = [method, .. type.GetCustomAttributes(inherit: true), .. method.GetCustomAttributes(inherit: true)];
        if (method.GetCustomAttribute<McpServerToolAttribute>() is not { ReadOnly: true })
        {
            metadata.Add(new AuthorizeAttribute(ToolAccessPolicies.ChangesState));
        }

        return metadata;
    }

    private static bool ReturnsCallToolResult(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            type = type.GetGenericArguments()[0];
        }

        return type == typeof(CallToolResult);
    }

    /// <summary>Lists as <c>listed</c>, runs as <c>invoked</c> (the same method without an output schema).</summary>
    internal sealed class OwnResultTool(McpServerTool listed, McpServerTool invoked) : DelegatingMcpServerTool(listed)
    {
        /// <summary>The tool that runs.</summary>
        internal McpServerTool Invoked => invoked;

        /// <inheritdoc />
        public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
            => invoked.InvokeAsync(request, cancellationToken);
    }
}
