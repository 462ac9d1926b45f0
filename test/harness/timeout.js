// End-to-end tests wait for a real engine; their own waits have explicit timeouts.
jest.setTimeout(180_000);
