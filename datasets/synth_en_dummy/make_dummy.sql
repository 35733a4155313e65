-- Writes the bundled dummy dataset from the full synth_en Hugging Face Hub layout.
-- ${SYNTH_EN} is the folder that holds hf_parquet/ (the generator's output, see README.md);
-- ${OUT} is this folder. Run with org.rnnt4j.data.MakeSynthEnDummy (test scope), which substitutes both
-- and executes the statements with DuckDB JDBC. DuckDB keeps the rows in file order for a plain scan
-- (preserve_insertion_order is on by default), so LIMIT takes the first rows, and COPY keeps the column
-- types, including the audio struct(bytes BLOB, path VARCHAR).
COPY (SELECT * FROM read_parquet('${SYNTH_EN}/hf_parquet/data/train-00000-of-00001.parquet') LIMIT 48)
  TO '${OUT}/data/train-00000-of-00001.parquet' (FORMAT parquet, COMPRESSION zstd);
COPY (SELECT * FROM read_parquet('${SYNTH_EN}/hf_parquet/data/validation-00000-of-00001.parquet') LIMIT 16)
  TO '${OUT}/data/validation-00000-of-00001.parquet' (FORMAT parquet, COMPRESSION zstd);
