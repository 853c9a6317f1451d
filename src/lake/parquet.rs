//! One Parquet file written with the crate's low-level column writer (no
//! Arrow: a fraction of its build time), Snappy-compressed, a row group at
//! a time: memory holds one row group, never the table.

use std::fs::File;
use std::sync::Arc;

use bytes::Bytes;

use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnPath, Type};

use super::{LakeColumn, LakeError, LakeType, LakeValue};

/// Rows in a row group, at most: large enough for good compression and
/// few groups, small enough that a group of the widest table (about 90
/// columns) stays within a few tens of MB.
const ROWS_PER_GROUP: usize = 128 * 1024;
/// Bytes of values held before a row group is written, at most.
const BYTES_PER_GROUP: usize = 64 * 1024 * 1024;

/// The codec, as the manifest names it.
pub const CODEC: &str = "snappy";

enum Values {
    Int64(Vec<i64>),
    Int32(Vec<i32>),
    Double(Vec<f64>),
    /// Texts one after the other in one buffer, and where each ends: one
    /// allocation per row group instead of one per value (the allocator was a
    /// third of an export's time).
    Text {
        data: Vec<u8>,
        ends: Vec<usize>,
    },
    Bool(Vec<bool>),
}

struct Buffer {
    values: Values,
    /// Definition levels (1 a value, 0 NULL) of a nullable column.
    levels: Option<Vec<i16>>,
}

/// A Parquet file being written.
pub struct ParquetPart {
    writer: SerializedFileWriter<File>,
    object: String,
    columns: Vec<LakeColumn>,
    buffers: Vec<Buffer>,
    rows_held: usize,
    bytes_held: usize,
}

/// The Parquet schema of `columns`.
fn schema(columns: &[LakeColumn]) -> Result<Type, LakeError> {
    let fields = columns
        .iter()
        .map(|c| {
            let (physical, logical) = match c.lake_type {
                LakeType::Int64 => (Physical::INT64, None),
                LakeType::Double => (Physical::DOUBLE, None),
                LakeType::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                LakeType::Boolean => (Physical::BOOLEAN, None),
                LakeType::Date => (Physical::INT32, Some(LogicalType::Date)),
                LakeType::Timestamp { utc } => (Physical::INT64, Some(LogicalType::timestamp(utc, TimeUnit::MICROS))),
            };
            let repetition = if c.nullable { Repetition::OPTIONAL } else { Repetition::REQUIRED };
            Type::primitive_type_builder(&c.name, physical)
                .with_repetition(repetition)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Type::group_type_builder("schema").with_fields(fields).build()?)
}

fn empty(column: &LakeColumn) -> Buffer {
    let values = match column.lake_type {
        LakeType::Int64 | LakeType::Timestamp { .. } => Values::Int64(Vec::new()),
        LakeType::Date => Values::Int32(Vec::new()),
        LakeType::Double => Values::Double(Vec::new()),
        LakeType::Text => Values::Text { data: Vec::new(), ends: Vec::new() },
        LakeType::Boolean => Values::Bool(Vec::new()),
    };
    Buffer { values, levels: column.nullable.then(Vec::new) }
}

/// Whether a column of type `t` is dictionary-encoded: texts, flags and
/// dates repeat; counters, sequence numbers and times mostly do not, and
/// their dictionary was built for each value and then dropped. Without it
/// the two days of the 2 M-row database export in 0.97x the CPU into a
/// lake 6 % smaller.
fn dictionary(t: LakeType) -> bool {
    !matches!(t, LakeType::Int64 | LakeType::Double | LakeType::Timestamp { .. })
}

/// The texts of one buffer as values that share it (each a slice of one
/// reference-counted buffer, not a copy).
fn slices(data: Vec<u8>, ends: &[usize]) -> Vec<ByteArray> {
    let data = Bytes::from(data);
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let text = ByteArray::from(data.slice(start..end));
            start = end;
            text
        })
        .collect()
}

impl ParquetPart {
    /// Starts a file of `object`'s `columns` in `file`.
    ///
    /// # Errors
    /// The schema cannot be built or the header written.
    pub fn create(file: File, object: &str, columns: &[LakeColumn]) -> Result<ParquetPart, LakeError> {
        let mut builder = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("ttlsinv {}", env!("CARGO_PKG_VERSION")))
            .set_max_row_group_row_count(Some(ROWS_PER_GROUP));
        for column in columns.iter().filter(|c| !dictionary(c.lake_type)) {
            builder = builder.set_column_dictionary_enabled(ColumnPath::from(column.name.as_str()), false);
        }
        let properties = builder.build();
        let writer = SerializedFileWriter::new(file, Arc::new(schema(columns)?), Arc::new(properties))?;
        Ok(ParquetPart {
            writer,
            object: object.to_string(),
            columns: columns.to_vec(),
            buffers: columns.iter().map(empty).collect(),
            rows_held: 0,
            bytes_held: 0,
        })
    }

    /// Adds one row (a value per column, in order); writes a row group when
    /// enough is held.
    ///
    /// # Errors
    /// A NULL in a column SQLite declares NOT NULL, a value of another
    /// type, or a write error.
    pub fn push(&mut self, row: &[LakeValue<'_>]) -> Result<(), LakeError> {
        for ((buffer, column), value) in self.buffers.iter_mut().zip(&self.columns).zip(row) {
            match (&mut buffer.levels, value) {
                (Some(levels), LakeValue::Null) => {
                    levels.push(0);
                    continue;
                }
                (None, LakeValue::Null) => {
                    return Err(LakeError::Value {
                        object: self.object.clone(),
                        column: column.name.clone(),
                        value: "NULL".into(),
                        expected: "value (the column is NOT NULL)",
                    })
                }
                (Some(levels), _) => levels.push(1),
                (None, _) => {}
            }
            self.bytes_held += match (&mut buffer.values, value) {
                (Values::Int64(v), LakeValue::Int(n) | LakeValue::Micros(n)) => {
                    v.push(*n);
                    8
                }
                (Values::Int32(v), LakeValue::Date(n)) => {
                    v.push(*n);
                    4
                }
                (Values::Double(v), LakeValue::Double(x)) => {
                    v.push(*x);
                    8
                }
                (Values::Bool(v), LakeValue::Bool(b)) => {
                    v.push(*b);
                    1
                }
                (Values::Text { data, ends }, LakeValue::Text(t)) => {
                    data.extend_from_slice(t.as_bytes());
                    ends.push(data.len());
                    t.len() + 8
                }
                _ => {
                    return Err(LakeError::Value {
                        object: self.object.clone(),
                        column: column.name.clone(),
                        value: format!("{value:?}"),
                        expected: column.lake_type.name(),
                    })
                }
            };
        }
        self.rows_held += 1;
        if self.rows_held >= ROWS_PER_GROUP || self.bytes_held >= BYTES_PER_GROUP {
            self.write_group()?;
        }
        Ok(())
    }

    /// Writes the rows held as one row group.
    fn write_group(&mut self) -> Result<(), LakeError> {
        if self.rows_held == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        for (buffer, column) in self.buffers.iter_mut().zip(&self.columns) {
            let Some(mut writer) = group.next_column()? else { break };
            let levels = buffer.levels.as_deref();
            match &mut buffer.values {
                Values::Int64(v) => writer.typed::<Int64Type>().write_batch(v, levels, None)?,
                Values::Int32(v) => writer.typed::<Int32Type>().write_batch(v, levels, None)?,
                Values::Double(v) => writer.typed::<DoubleType>().write_batch(v, levels, None)?,
                Values::Text { data, ends } => {
                    let texts = slices(std::mem::take(data), ends);
                    writer.typed::<ByteArrayType>().write_batch(&texts, levels, None)?
                }
                Values::Bool(v) => writer.typed::<BoolType>().write_batch(v, levels, None)?,
            };
            writer.close()?;
            *buffer = empty(column);
        }
        group.close()?;
        self.rows_held = 0;
        self.bytes_held = 0;
        Ok(())
    }

    /// Writes what is held and the footer.
    ///
    /// # Errors
    /// A write error.
    pub fn finish(mut self) -> Result<(), LakeError> {
        self.write_group()?;
        self.writer.close()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_held_in_one_buffer_come_back_one_by_one_empty_ones_too() {
        // "", "TLSV1.2", "", "ECDHE" one after the other: ends 0, 7, 7, 12.
        let texts = slices(b"TLSV1.2ECDHE".to_vec(), &[0, 7, 7, 12]);
        let texts: Vec<&str> = texts.iter().map(|t| t.as_utf8().unwrap()).collect();
        assert_eq!(texts, ["", "TLSV1.2", "", "ECDHE"]);
    }

    /// Counters are written plain, texts with a dictionary: two rows of
    /// `bytes_in` 2248 and 2076 and `job` CSQ9CHIN twice.
    #[test]
    fn counters_have_no_dictionary_texts_have_one() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let columns = [
            LakeColumn { name: "bytes_in".into(), lake_type: LakeType::Int64, nullable: false },
            LakeColumn { name: "job".into(), lake_type: LakeType::Text, nullable: false },
        ];
        let file = tempfile::tempfile().unwrap();
        let mut part = ParquetPart::create(file.try_clone().unwrap(), "t", &columns).unwrap();
        part.push(&[LakeValue::Int(2248), LakeValue::Text("CSQ9CHIN")]).unwrap();
        part.push(&[LakeValue::Int(2076), LakeValue::Text("CSQ9CHIN")]).unwrap();
        part.finish().unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let group = reader.metadata().row_group(0);
        assert_eq!(group.num_rows(), 2);
        assert_eq!(group.column(0).dictionary_page_offset(), None, "bytes_in");
        assert!(group.column(1).dictionary_page_offset().is_some(), "job");
    }
}
