using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;

namespace MultiModal.Display;

/// <summary>
/// The only place the library talks to a running .NET Interactive kernel. It finds the kernel by reflection,
/// so the library itself does not depend on the (2026-deprecated) kernel packages and behaves like a plain
/// class library in console programs and tests: there, <see cref="InKernel"/> is false and
/// <see cref="Display"/> prints a text form instead.
/// </summary>
public static class NotebookHost
{
    private static readonly Lazy<(PropertyInfo Current, MethodInfo Display)?> Api = new(FindApi);

    /// <summary>True when code is running inside a .NET Interactive kernel cell.</summary>
    public static bool InKernel => Api.Value is { } api && api.Current.GetValue(null) is not null;

    /// <summary>
    /// Shows <paramref name="value"/> as a cell output (using the registered formatters) and returns a handle
    /// that can replace it in place (<see cref="DisplayedValue.Update"/>). Outside a kernel the value's text
    /// form goes to the console and the result is null.
    /// </summary>
    public static DisplayedValue? Display(object value, params string[] mimeTypes)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Api.Value is { } api && api.Current.GetValue(null) is { } context)
            return (DisplayedValue?)api.Display.Invoke(null, [context, value, mimeTypes]);
        Console.WriteLine(value.ToString());
        return null;
    }

    private static (PropertyInfo, MethodInfo)? FindApi()
    {
        var asm = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive");
        var ctx = asm?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext");
        var ext = asm?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContextExtensions");
        var current = ctx?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
        var display = ext?.GetMethod("Display", BindingFlags.Public | BindingFlags.Static, [ctx!, typeof(object), typeof(string[])]);
        return current is null || display is null ? null : (current, display);
    }
}
