using System.Text.Json;

namespace Recommender.FunctionsHost.Metadata;

/// <summary>
/// Reads functions.metadata, the list of functions the Functions worker SDK writes next to the app at build time.
/// Used when the worker asks the host to index the functions itself.
/// </summary>
internal static class FunctionMetadataFile
{
    public const string FileName = "functions.metadata";

    public static IReadOnlyList<FunctionDescriptor> Read(string appDirectory)
    {
        string path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: is {appDirectory} the build output of a Functions worker?", path);
        }

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var functions = new List<FunctionDescriptor>();
        foreach (JsonElement function in document.RootElement.EnumerateArray())
        {
            string name = function.GetProperty("name").GetString()!;
            var bindings = new List<FunctionBinding>();
            foreach (JsonElement binding in function.GetProperty("bindings").EnumerateArray())
            {
                bindings.Add(FunctionBinding.Parse(binding.GetRawText()));
            }

            string scriptFile = function.GetProperty("scriptFile").GetString()!;
            functions.Add(new FunctionDescriptor(
                name,
                FunctionId: Guid.NewGuid().ToString(),
                Path.GetFullPath(scriptFile, appDirectory),
                function.GetProperty("entryPoint").GetString()!,
                bindings));
        }

        return functions;
    }
}
