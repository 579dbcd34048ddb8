using Xunit;
[assembly: CollectionBehavior(DisableTestParallelization = false)]
