using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Core.Artifacts;
using Recommender.Core.Data;
using Recommender.Functions.Hosting;
using Recommender.Functions.Training;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Training;

[Collection(AzuriteCollection.Name)]
public class ProcessTrainingLauncherTests(AzuriteFixture azurite)
{
    // Small and quick: the run's outcome matters here, not the model's quality.
    private static readonly TrainingOptions _fastJob = new() { ExtraJobArguments = ["--factors", "8", "--iterations", "3", "--threads", "1"] };
    private static readonly TimeSpan _jobTimeout = TimeSpan.FromMinutes(3);

    private static Action<IServiceCollection> With(TrainingOptions options) =>
        services => services.Replace(ServiceDescriptor.Singleton(options));

    private async Task UploadSyntheticDataAsync(StorageLayoutOptions layout)
    {
        using var dir = new TempDirectory();
        SyntheticDataSet data = SyntheticDataGenerator.Generate(dir.Path, new SyntheticDataOptions { Users = 200, Items = 150, Interactions = 5000, Seed = 7 });
        foreach ((string path, string name) in new[] { (data.RatingsPath, "ratings.csv"), (data.MoviesPath, "movies.csv") })
        {
            await using FileStream file = File.OpenRead(path);
            await azurite.UploadAsync(layout.DataContainer, name, file);
        }
    }

    [Fact]
    public async Task ProcessLauncher_RunsTheRealTrainingJob_AndRecordsThePublishedVersion()
    {
        StorageLayoutOptions layout = FunctionAppHost.UniqueLayout();
        await UploadSyntheticDataAsync(layout);
        await using var host = await TrainingHost.StartAsync(azurite, layout: layout, configure: With(_fastJob));

        TrainingStart start = await host.Coordinator.StartAsync(TrainingTrigger.Manual, CancellationToken.None);
        TrainingRun run = await host.WaitForEndAsync(start.Run.Id, _jobTimeout);

        Assert.True(run.Status == TrainingRunStatus.Succeeded, $"The run ended {run.Status}: {run.Message}");
        Assert.Equal("process", run.Launcher);
        Assert.StartsWith("pid ", run.ExecutionName, StringComparison.Ordinal);
        Assert.True(run.Promoted);
        var repository = new ModelRepository(new BlobModelStore(azurite.Blobs, layout.ModelsContainer));
        Assert.Equal(run.Version, (await repository.GetCurrentAsync())!.Value.Pointer.Version);
        Assert.Equal(8, (await repository.LoadAsync(run.Version!)).Factors.Factors);
    }

    [Fact]
    public async Task ProcessLauncher_WhenTheJobFails_RecordsItsErrorLineAndFreesTheLock()
    {
        StorageLayoutOptions layout = FunctionAppHost.UniqueLayout(); // no data uploaded: the job cannot find its ratings
        await using var host = await TrainingHost.StartAsync(azurite, layout: layout, configure: With(_fastJob));

        TrainingStart start = await host.Coordinator.StartAsync(TrainingTrigger.Manual, CancellationToken.None);
        TrainingRun run = await host.WaitForEndAsync(start.Run.Id, _jobTimeout);
        TrainingStart next = await host.Coordinator.StartAsync(TrainingTrigger.Manual, CancellationToken.None);

        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.StartsWith("training-job exited with code 1: error: ", run.Message, StringComparison.Ordinal);
        Assert.Contains("ratings.csv", run.Message, StringComparison.Ordinal);
        Assert.Null(run.Version);
        Assert.True(next.Started, "The lock was not freed after the failed run.");
        await host.WaitForEndAsync(next.Run.Id, _jobTimeout);
    }

    [Fact]
    public async Task ProcessLauncher_WithAMissingTrainingJob_RecordsAFailedRunAtOnce()
    {
        var options = _fastJob with { TrainingJobPath = Path.Combine(Path.GetTempPath(), "no-such-dir", "training-job.dll") };
        await using var host = await TrainingHost.StartAsync(azurite, configure: With(options));

        TrainingStart start = await host.Coordinator.StartAsync(TrainingTrigger.Manual, CancellationToken.None);

        Assert.Equal(TrainingRunStatus.Failed, start.Run.Status);
        Assert.Contains("does not exist", start.Run.Message, StringComparison.Ordinal);
        Assert.Equal(TrainingRunStatus.Failed, (await host.Runs.GetAsync(start.Run.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task ProcessLauncher_PassesTrainingExtraArgumentsToTheJob_SoADriftedNightlyModelCanBePromoted()
    {
        // No code-level arguments: the small ALS settings and --allow-drift come from the app setting alone.
        StorageLayoutOptions layout = FunctionAppHost.UniqueLayout();
        await UploadSyntheticDataAsync(layout);
        var settings = new Dictionary<string, string?> { ["TrainingExtraArguments"] = "--factors 8  --iterations 3 --threads 1 --allow-drift" };
        await using var host = await TrainingHost.StartAsync(azurite, layout: layout, settings: settings);
        var repository = new ModelRepository(new BlobModelStore(azurite.Blobs, layout.ModelsContainer));

        // The second run is compared with the first (now live), so its manifest carries a drift report.
        TrainingRun first = await host.WaitForEndAsync((await host.Coordinator.StartAsync(TrainingTrigger.Manual, CancellationToken.None)).Run.Id, _jobTimeout);
        TrainingRun second = await host.WaitForEndAsync((await host.Coordinator.StartAsync(TrainingTrigger.Manual, CancellationToken.None)).Run.Id, _jobTimeout);

        Assert.True(first.Status == TrainingRunStatus.Succeeded, $"The first run ended {first.Status}: {first.Message}");
        Assert.True(second.Status == TrainingRunStatus.Succeeded, $"The second run ended {second.Status}: {second.Message}");
        Assert.Equal(8, (await repository.LoadAsync(second.Version!)).Factors.Factors);
        ModelManifest manifest = (await repository.GetManifestAsync(second.Version!))!;
        Assert.NotNull(manifest.Drift);
        Assert.True(manifest.Drift.Allowed, "The job did not receive --allow-drift.");
    }

    [Fact]
    public void JobArguments_TrainOnTheDataContainerAndPublishToTheModelsContainer()
    {
        ProcessTrainingLauncher launcher = Launcher(new RecommenderOptions());

        Assert.Equal(
            ["train", "--ratings", "blob:data/ratings.csv", "--items", "blob:data/movies.csv", "--models-container", "models", "--feedback-table", "feedback"],
            launcher.JobArguments());
    }

    [Fact]
    public void JobArguments_EndWithTheTrainingExtraArgumentsSetting_SplitOnSpaces()
    {
        ProcessTrainingLauncher launcher = Launcher(new RecommenderOptions { TrainingExtraArguments = " --allow-drift\t--max-popularity-psi 0.3 " });

        Assert.Equal(["--allow-drift", "--max-popularity-psi", "0.3"], launcher.JobArguments().TakeLast(3));
        Assert.Equal(12, launcher.JobArguments().Count);
    }

    private static ProcessTrainingLauncher Launcher(RecommenderOptions settings) =>
        new(new TrainingOptions(), Microsoft.Extensions.Options.Options.Create(settings), new StorageLayoutOptions(), new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), Microsoft.Extensions.Logging.Abstractions.NullLogger<ProcessTrainingLauncher>.Instance);

    [Fact]
    public void Locator_FindsTheTrainingJobNextToTheTestAssembly()
    {
        string path = TrainingJobLocator.Locate(null, AppContext.BaseDirectory);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "training-job.dll"), path);
    }

    [Fact]
    public void Locator_FromAFolderInsideTheRepository_FindsTheTrainingJobBuild()
    {
        string beside = Path.Combine(RepoPaths.Root, "functions", "bin", "NoSuchConfiguration", "net10.0");

        string path = TrainingJobLocator.Locate(null, beside);

        Assert.StartsWith(Path.Combine(RepoPaths.Root, "training-job", "bin"), path, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Locator_OutsideAnyRepositoryWithNothingBeside_SaysWhereItLookedAndWhatToDo()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<FileNotFoundException>(() => TrainingJobLocator.Locate(null, dir.Path));

        Assert.Contains(dir.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet build training-job", ex.Message, StringComparison.Ordinal);
    }
}
