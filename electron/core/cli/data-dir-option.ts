import { Option } from 'commander';

export const dataDirOption = () => new Option('--data-dir <folder>', 'the OpsFlow data folder (default: OPSFLOW_DATA_DIR, else the OS user data folder)');
