using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;

namespace MultiModal.Display;

/// <summary>
/// The only place the library talks to a running .NET Interactive kernel. It finds the kernel by reflection,
/// so the library itself does not depend on the (2026-deprecated) kernel packages and behaves like a plain
/// class library in console programs and tests: there, <see cref="InKernel"/> is false and
/// <see cref="Display"/> prints a text form instead.
/// <para>
/// It publishes the display events itself rather than calling the kernel's <c>display()</c>: in the kernel
/// builds of 2026 (the Polyglot Notebooks tool 1.0.712001 and the 1.0.0-beta.26120.1 packages) the
/// "value produced" and "value updated" events of one display carry different ids, so an update never replaces
/// the output it belongs to. One id for both makes live progress bars update in place.
/// </para>
/// </summary>
public static class NotebookHost
{
    private sealed record KernelApi(PropertyInfo Current, PropertyInfo Command, MethodInfo Publish, ConstructorInfo Produced, ConstructorInfo Updated);

    private static readonly Lazy<KernelApi?> Api = new(FindApi);

    /// <summary>True when code is running inside a .NET Interactive kernel cell.</summary>
    public static bool InKernel => Api.Value is { } api && api.Current.GetValue(null) is not null;

    /// <summary>
    /// Shows <paramref name="value"/> as a cell output (using the registered formatters, or the given MIME types)
    /// and returns a handle that replaces it in place. Outside a kernel the value's text goes to the console and
    /// the handle prints each update.
    /// </summary>
    public static DisplayHandle Display(object value, params string[] mimeTypes)
    {
        ArgumentNullException.ThrowIfNull(value);
        var handle = new DisplayHandle(Guid.NewGuid().ToString("N"), mimeTypes);
        if (!Publish(value, handle, update: false)) ShowOutside(value);
        return handle;
    }

    /// <summary>
    /// Where displays go outside a kernel (default: their text on the console). A notebook exported as a program
    /// (<c>mm export</c>) sets <see cref="FileDisplay.Show"/>: pictures, sounds and charts become files.
    /// </summary>
    public static Action<object>? OutsideKernel { get; set; }

    internal static void ShowOutside(object value)
    {
        if (OutsideKernel is { } sink) sink(value);
        else Console.WriteLine(value.ToString());
    }

    /// <summary>
    /// Hides the compiler's assembly-unification warnings (CS1701/CS1702: "Assuming assembly reference
    /// 'System.Runtime.Numerics, Version=8.0.0.0' used by 'TorchSharp' matches identity … 10.0.0.0") that the C# kernel
    /// would print under every cell calling a TorchSharp factory: TorchSharp is built for .NET 8, the kernel runs on
    /// .NET 10, and unlike a project (whose SDK passes NoWarn 1701;1702) the kernel has no way to switch them off but
    /// its warning level. It is lowered to 1 for this kernel session (the level that still reports, e.g., nullable
    /// dereferences and un-awaited tasks; unused variables, level 3, are no longer shown). Returns what it did, for
    /// <c>Course.Setup</c>'s summary; outside a kernel, or in a kernel built differently, it changes nothing and says so.
    /// </summary>
    public static string QuietUnificationWarnings()
    {
        if (Api.Value is not { } api || api.Current.GetValue(null) is not { } context) return "not in a kernel";
        var kernel = context.GetType().GetProperty("HandlingKernel", BindingFlags.Public | BindingFlags.Instance)?.GetValue(context);
        var field = kernel?.GetType().GetField("_scriptOptions", BindingFlags.NonPublic | BindingFlags.Instance);
        var options = field?.GetValue(kernel);
        var withLevel = options?.GetType().GetMethod("WithWarningLevel", [typeof(int)]);
        if (field is null || options is null || withLevel is null) return $"kept (the {kernel?.GetType().Name ?? "kernel"} has no script options to set)";
        field.SetValue(kernel, withLevel.Invoke(options, [1]));
        return "warning level 1 (hides CS1701)";
    }

    /// <summary>The command (cell submission) the kernel is running now; null outside a kernel. Tells one cell from the next.</summary>
    internal static object? CurrentCommand => Api.Value is { } api && api.Current.GetValue(null) is { } context ? api.Command.GetValue(context) : null;

    internal static bool Publish(object value, DisplayHandle handle, bool update)
    {
        if (Api.Value is not { } api || api.Current.GetValue(null) is not { } context) return false;
        var mimeTypes = handle.MimeTypes.Length > 0 ? handle.MimeTypes : Formatter.GetPreferredMimeTypesFor(value.GetType()).ToArray();
        var formatted = FormattedValue.CreateManyFromObject(value, mimeTypes);
        var command = api.Command.GetValue(context);
        var e = update
            ? api.Updated.Invoke([value, handle.Id, command, formatted])
            : api.Produced.Invoke([value, command, formatted, handle.Id]);
        api.Publish.Invoke(context, [e]);
        return true;
    }

    private static KernelApi? FindApi()
    {
        var asm = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive");
        var ctx = asm?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext");
        var produced = asm?.GetType("Microsoft.DotNet.Interactive.Events.DisplayedValueProduced");
        var updated = asm?.GetType("Microsoft.DotNet.Interactive.Events.DisplayedValueUpdated");
        var kernelEvent = asm?.GetType("Microsoft.DotNet.Interactive.Events.KernelEvent");
        if (ctx is null || produced is null || updated is null || kernelEvent is null) return null;
        var current = ctx.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
        var command = ctx.GetProperty("Command", BindingFlags.Public | BindingFlags.Instance);
        var publish = ctx.GetMethod("Publish", BindingFlags.Public | BindingFlags.Instance, [kernelEvent]);
        var producedCtor = produced.GetConstructors().FirstOrDefault(c => c.GetParameters().Length == 4);
        var updatedCtor = updated.GetConstructors().FirstOrDefault(c => c.GetParameters().Length == 4);
        return current is null || command is null || publish is null || producedCtor is null || updatedCtor is null
            ? null
            : new KernelApi(current, command, publish, producedCtor, updatedCtor);
    }
}

/// <summary>A cell output that can be replaced in place (see <see cref="NotebookHost.Display"/>).</summary>
public sealed class DisplayHandle
{
    internal DisplayHandle(string id, string[] mimeTypes)
    {
        Id = id;
        MimeTypes = mimeTypes;
    }

    /// <summary>The display id shared by the output and its updates.</summary>
    public string Id { get; }

    internal string[] MimeTypes { get; }

    /// <summary>Replaces the output with <paramref name="value"/> (outside a kernel: prints it).</summary>
    public void Update(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!NotebookHost.Publish(value, this, update: true)) NotebookHost.ShowOutside(value);
    }
}
