using System.Text.Json;

namespace Recommender.Tests.Infra;

/// <summary>
/// The deployment package is the zipped output of <c>dotnet publish functions</c>. The worker SDK writes the host's
/// files into the build output and copies the same files on publish, so the build output these tests run beside is
/// checked instead of publishing again.
/// </summary>
public class FunctionAppPackageTests
{
    private static JsonElement Read(string fileName)
    {
        string path = Path.Combine(InfraFiles.FunctionsOutput, fileName);
        Assert.True(File.Exists(path), $"{InfraFiles.Relative(path)} is missing from the Function App's output.");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Output_HoldsTheHostFilesOfAnIsolatedWorker()
    {
        Assert.Equal(JsonValueKind.Array, Read("functions.metadata").ValueKind);
        JsonElement worker = Read("worker.config.json").GetProperty("description");
        Assert.Equal("dotnet-isolated", worker.GetProperty("language").GetString());
        Assert.Equal("dotnet", worker.GetProperty("defaultExecutablePath").GetString());
        string workerDll = worker.GetProperty("defaultWorkerPath").GetString()!;
        Assert.True(File.Exists(Path.Combine(InfraFiles.FunctionsOutput, workerDll)), $"worker.config.json names {workerDll}, which the output lacks.");
        Assert.Equal(File.ReadAllText(InfraFiles.HostJson), File.ReadAllText(Path.Combine(InfraFiles.FunctionsOutput, "host.json")));
    }

    [Fact]
    public void ExtensionsJson_RegistersTheQueueExtensionWithItsAssemblyInTheOutput()
    {
        JsonElement extensions = Read("extensions.json").GetProperty("extensions");

        Assert.Contains(extensions.EnumerateArray(), e => e.GetProperty("name").GetString() == "AzureStorageQueues");
        foreach (JsonElement extension in extensions.EnumerateArray())
        {
            string hint = extension.GetProperty("hintPath").GetString()!;
            Assert.True(File.Exists(Path.Combine(InfraFiles.FunctionsOutput, hint)), $"extensions.json points at {hint}, which the output lacks.");
        }
    }

    [Fact]
    public void FunctionsMetadata_ListsEveryFunctionWithItsTriggerAndEntryPoint()
    {
        var functions = FunctionDefinition.LoadAll().ToDictionary(f => f.Name);

        Assert.Equal(26, functions.Count);
        Assert.Equal("queueTrigger", functions["LogFeedback"].TriggerType);
        Assert.Equal("queueTrigger", functions["LogImpression"].TriggerType);
        Assert.Equal("timerTrigger", functions["NightlyRetrain"].TriggerType);
        Assert.Equal("timerTrigger", functions["PruneFeedbackTimeline"].TriggerType);
        Assert.Equal(22, functions.Values.Count(f => f.TriggerType == "httpTrigger"));
        Assert.All(functions.Values, f => Assert.StartsWith("Recommender.Functions.", f.EntryPoint, StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionsFolder_HasNoCustomHandlerLeft()
    {
        string functions = Path.Combine(TestSupport.RepoPaths.Root, "functions");
        var leftovers = Directory.EnumerateFiles(functions, "function.json", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(InfraFiles.Relative)
            .ToList();

        Assert.Empty(leftovers);
        Assert.DoesNotContain("customHandler", File.ReadAllText(InfraFiles.HostJson), StringComparison.Ordinal);
    }
}
